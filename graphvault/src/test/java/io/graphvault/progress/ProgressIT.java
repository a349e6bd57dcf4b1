package io.graphvault.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Off a terminal, long work reports progress as log lines against its expected total, then one summary line. */
@GraphVaultTest
class ProgressIT {

    @TempDir
    Path backups;

    @AfterEach
    void restoreSettings() {
        Progress.configure(ProgressSettings.detect());
    }

    @Test
    void backupVerifyAndRestorePrintProgressLinesWithTotalsAndASummary() {
        SampleGraph.load(TestServices.sourceDriver(), "neo4j");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Progress.configure(new ProgressSettings(new PrintStream(buffer, true, StandardCharsets.UTF_8), false, Duration.ZERO, false));

        assertThat(Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "p").exitCode()).isZero();
        assertThat(Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from",
                backups.resolve("p").toString()).exitCode()).isZero();

        String raw = buffer.toString(StandardCharsets.UTF_8);
        List<String> lines = raw.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("backup p: [\\d,]+ of 435 records \\(\\d+%\\), [\\d,]+ records/s.*"));
        assertThat(lines).anyMatch(l -> l.matches("backup p: 435 records in [\\d.]+ s \\([\\d,]+ records/s\\)"));
        assertThat(lines).anyMatch(l -> l.matches("verify p: [\\d,]+ bytes in [\\d.]+ s .*"));
        assertThat(lines).anyMatch(l -> l.matches("restore p: [\\d,]+ of 435 records \\(\\d+%\\).*"));
        assertThat(lines).anyMatch(l -> l.matches("restore p: 435 records in [\\d.]+ s \\([\\d,]+ records/s\\)"));
        // What a log file gets, character for character: whole lines, never a terminal's carriage return
        // (String.lines() splits on a lone \r too, so the lines above cannot show one).
        String unixLines = raw.replace(System.lineSeparator(), "\n");
        assertThat(unixLines).doesNotContain("\r").endsWith("\n");
    }
}
