package io.graphvault.storage;

import io.graphvault.storage.retention.PruneDecision;
import io.graphvault.storage.retention.Pruning;
import io.graphvault.storage.retention.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What prune keeps of chains of incremental backups: every parent a kept backup is read with. */
class PruningTest {

    /** A backup as the stores list it: id, start, parent (null: full). */
    private record Backup(String id, String startedAt, String parent) {
    }

    private final List<String> deleted = new ArrayList<>();

    private List<PruneDecision> prune(List<Backup> newestFirst, RetentionPolicy policy, Set<String> damaged) {
        Pruning<Backup> pruning = new Pruning<>(Backup::id, Backup::startedAt, Backup::parent, b -> !damaged.contains(b.id()),
                b -> deleted.add(b.id()));
        return pruning.apply(newestFirst, policy, b -> true, false);
    }

    /** f0 <- i1 <- i2, f3 <- i4 <- i5, one a day. */
    private static final List<Backup> CHAINS = List.of(new Backup("i5", "2026-11-26T02:00:00Z", "i4"),
            new Backup("i4", "2026-11-25T02:00:00Z", "f3"), new Backup("f3", "2026-11-24T02:00:00Z", null),
            new Backup("i2", "2026-11-23T02:00:00Z", "i1"), new Backup("i1", "2026-11-22T02:00:00Z", "f0"),
            new Backup("f0", "2026-11-21T02:00:00Z", null));

    @Test
    void aKeptIncrementalBackupKeepsEveryParentDownToItsFullOne() {
        List<PruneDecision> d = prune(CHAINS, RetentionPolicy.keepLast(1), Set.of());
        assertThat(d).extracting(PruneDecision::toString).containsExactly("keep   i5                           last, newest",
                "keep   i4                           parent of i5", "keep   f3                           parent of i5",
                "remove i2", "remove i1", "remove f0");
        assertThat(deleted).containsExactly("i2", "i1", "f0");
    }

    @Test
    void anOlderChainGoesWholeOnceNoKeptBackupNeedsIt() {
        List<PruneDecision> d = prune(CHAINS, new RetentionPolicy(0, 0, 4, 0, 0, 0), Set.of());
        // the four newest days: i5, i4, f3 and i2; i2 needs i1 and f0
        assertThat(d).extracting(PruneDecision::kept).containsExactly(true, true, true, true, true, true);
        assertThat(d.get(4).reasons()).containsExactly("parent of i2");
        assertThat(prune(CHAINS, new RetentionPolicy(0, 0, 3, 0, 0, 0), Set.of())).extracting(PruneDecision::kept)
                .containsExactly(true, true, true, false, false, false);
    }

    @Test
    void aKeptBackupWhoseParentDoesNotVerifyIsNotTheOneThatVerifies() {
        // only i5 is kept by the rule; its full parent is damaged, so the newest whole chain stays too
        List<PruneDecision> d = prune(CHAINS, RetentionPolicy.keepLast(1), Set.of("f3"));
        assertThat(d.get(3).toString()).isEqualTo("keep   i2                           newest that verifies");
        assertThat(d.get(4).reasons()).containsExactly("parent of i2");
        assertThat(d.get(5).reasons()).containsExactly("parent of i2");
        assertThat(deleted).isEmpty();
    }
}
