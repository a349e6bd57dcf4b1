package io.graphvault.internal;

import io.graphvault.app.GraphVaultRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An Error thrown by a step on a worker of a parallel split (the backup route's kind) fails the
 * request at once: before, the worker thread ended with it and the caller waited for ever.
 */
class WorkerErrorsTest {

    @TempDir
    Path backups;

    @Test
    void anOutOfMemoryErrorOnASplitWorkerFailsTheRequestNamingTheHeap() throws Exception {
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(Map.of("backup.dir", backups.toString()))) {
            runtime.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:workers").split(body()).parallelProcessing().executorService("backupWorkers").stopOnException()
                            .process(e -> {
                                if (e.getMessage().getBody(Integer.class) == 7) {
                                    throw new OutOfMemoryError("Java heap space");
                                }
                            });
                }
            });
            List<Integer> items = IntStream.range(0, 20).boxed().toList();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> runtime.request("direct:workers", items, Object.class))
                            .isInstanceOf(GraphVaultException.class)
                            .hasMessageContaining("out of memory (heap ")
                            .hasMessageContaining("JAVA_TOOL_OPTIONS=-Xmx"));
        }
    }

    @Test
    void theHeapSettingIsReadFromTheLastXmxOption() {
        assertThat(Failures.heapOption(List.of("-Xms64m", "-Xmx128m", "-Dx=y", "-Xmx1g"))).isEqualTo("-Xmx1g");
        assertThat(Failures.heapOption(List.of("-Xms64m"))).isNull();
        assertThat(Failures.megabytes("1g")).isEqualTo(1024);
        assertThat(Failures.megabytes("262144k")).isEqualTo(256);
        assertThat(Failures.megabytes("268435456")).isEqualTo(256);
        assertThat(Failures.megabytes("lots")).isZero();
    }
}
