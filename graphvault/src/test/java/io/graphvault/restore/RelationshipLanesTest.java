package io.graphvault.restore;

import io.graphvault.restore.RelationshipClaims.RelRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane rule without a database: which writer gets which relationship, and where a batch may end. */
class RelationshipLanesTest {

    private record Written(String writer, List<RelRow> rows) {
    }

    private static RelRow rel(long id, long start, long end, String type) {
        return new RelRow(id, type, start, end, null, null, Map.of(), "relationships/000001.jsonl.gz", id);
    }

    /** Runs {@code rows} through lane-partitioned writers as a restore into a live database does; returns each batch. */
    private static List<Written> write(List<RelRow> rows, int batchSize, int writers) {
        List<Written> written = Collections.synchronizedList(new ArrayList<>());
        try (ParallelBatchWriter<RelRow> batcher = new ParallelBatchWriter<>(() -> null, batchSize, writers, RelationshipLanes::partition,
                RelationshipLanes::group, (session, batch) -> written.add(new Written(Thread.currentThread().getName(), batch)))) {
            rows.forEach(r -> batcher.add(r, 100));
        }
        return written;
    }

    @Test
    void everyRelationshipOfAStartNodeAndSoEveryParallelOneOfAPairIsWrittenByOneWriter() {
        List<RelRow> rows = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            rows.add(rel(i, i % 37, 1000 + i % 5, i % 2 == 0 ? "CITES" : "SUPPORTS"));
        }

        List<Written> written = write(rows, 10, 2);

        assertThat(written.stream().mapToInt(w -> w.rows().size()).sum()).isEqualTo(400);
        Map<Long, Set<String>> writersByStart = written.stream().flatMap(w -> w.rows().stream().map(r -> Map.entry(r.start(), w.writer())))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        assertThat(writersByStart).hasSize(37).allSatisfy((start, writers) -> assertThat(writers).as("start node " + start).hasSize(1));
        assertThat(written.stream().map(Written::writer).distinct()).as("both lanes got work").hasSize(2);
    }

    @Test
    void aFullBatchWaitsForItsGroupOfParallelRelationshipsToEnd() {
        List<RelRow> rows = new ArrayList<>();
        rows.add(rel(1, 1, 2, "T"));
        rows.add(rel(2, 1, 2, "T"));
        for (long i = 3; i <= 9; i++) {
            rows.add(rel(i, 1, 3, "T")); // seven parallel relationships of one pair, batches of three
        }
        rows.add(rel(10, 1, 4, "T"));

        List<Written> written = write(rows, 3, 1);

        assertThat(written).extracting(w -> w.rows().stream().map(RelRow::id).toList())
                .containsExactly(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), List.of(10L));
    }

    @Test
    void aGroupLargerThanFourBatchesIsSplitSoMemoryStaysBounded() {
        List<RelRow> rows = new ArrayList<>();
        for (long i = 1; i <= 30; i++) {
            rows.add(rel(i, 1, 2, "T"));
        }

        List<Written> written = write(rows, 3, 1);

        assertThat(written).extracting(w -> w.rows().size()).containsExactly(12, 12, 6);
    }
}
