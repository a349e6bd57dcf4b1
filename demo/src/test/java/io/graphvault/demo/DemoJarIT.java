package io.graphvault.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The first README command: the built demo jar, as a new user runs it. */
class DemoJarIT {

    @TempDir
    Path dir;

    @Test
    void theBuiltDemoJarBacksUpReplicatesRestoresAndFindsTheGraphsEqual() throws Exception {
        Path jar = Path.of(System.getProperty("graphvault.demo.jar", "target/graphvault-demo.jar"));
        assertThat(jar).exists();
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--dir", dir.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("demo finished within 3 minutes").isTrue();
        String output = Files.readString(log);
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("RESULT: the restored graph equals the source")
                .contains("$ graphvault backup --name demo --s3")
                .contains("offsite:       s3://graphvault-demo/backups/demo")
                .containsPattern("backup demo at s3://graphvault-demo/backups/demo is intact: \\d+ files")
                .containsPattern("Study\\s+154\\s+154")
                .containsPattern("relationships\\s+221\\s+221");
        assertThat(output).doesNotContain("Exception").doesNotContain("Apache Camel");
        // hidden entries are the backup folder's lock (.graphvault.lock), which the CLI's backup holds
        List<String> backups = Files.list(dir.resolve("work/backups")).map(p -> p.getFileName().toString())
                .filter(name -> !name.startsWith(".")).toList();
        assertThat(backups).containsExactly("demo");
        assertThat(dir.resolve("work/backups/demo/manifest.json")).exists();
    }
}
