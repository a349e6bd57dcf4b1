package io.graphvault.restore;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A restore writer that runs out of memory fails the restore where the rows are read: before, the
 * writer's thread ended, the reader waited for ever to hand that writer its next batch.
 */
class WriterErrorsIT {

    @Test
    void aWriterOutOfMemoryFailsTheReaderAtOnce() {
        ParallelBatchWriter<Integer> batcher = new ParallelBatchWriter<>(() -> TestServices.targetDriver().session(), 1, 2, Integer::intValue,
                (session, batch) -> {
                    if (batch.contains(3)) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> {
            try (batcher) {
                for (int row = 0; row < 1000; row++) {
                    batcher.add(row, 1);
                }
            }
        }).isInstanceOf(GraphVaultException.class).hasMessageContaining("out of memory (heap ").hasMessageContaining("JAVA_TOOL_OPTIONS=-Xmx"));
    }
}
