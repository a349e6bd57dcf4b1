package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.format.BackupManifest;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code serve} that starts (or, with SERVE_CLUSTER, takes the lead) after a time of its schedule
 * passed with no backup takes one at once, not a whole period later; one whose newest backup is
 * recent waits for the schedule as before.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeCatchUpIT {

    @TempDir
    Path work;

    @Test
    void aServeWhoseNewestBackupIsOlderThanTheIntervalTakesOneAtOnce() throws Exception {
        Path backups = work.resolve("backups");
        backUpAndAge(backups, "yesterday", Duration.ofHours(2));
        int port = Ports.free();
        try (GraphVaultServer server = GraphVaultServer.start(hourly(backups, port))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> new LocalBackupStore(backups).list().size() == 2);
            assertThat(ServeMetricsIT.value(ServeMetricsIT.metrics(port), "graphvault_backups_succeeded_total")).isEqualTo(1);
        }
    }

    @Test
    void aServeWhoseNewestBackupIsRecentWaitsForItsSchedule() throws Exception {
        Path backups = work.resolve("backups");
        backUpAndAge(backups, "recent", Duration.ofMinutes(10));
        int port = Ports.free();
        try (GraphVaultServer server = GraphVaultServer.start(hourly(backups, port))) {
            // the check has run (its route took its one message) and queued no backup
            await().atMost(Duration.ofSeconds(30)).until(() -> exchanges(port, "scheduled-backup-catch-up") == 1);
            assertThat(ServeMetricsIT.value(ServeMetricsIT.metrics(port), "graphvault_backups_total")).isZero();
            assertThat(new LocalBackupStore(backups).list()).extracting(l -> l.manifest().id()).containsExactly("recent");
        }
    }

    private Map<String, String> hourly(Path backups, int port) {
        Map<String, String> c = TestServices.serveConfig(backups, work.resolve("inbox"), port);
        c.put("backup.interval", "1h");
        return c;
    }

    /** A backup named {@code name} whose manifest says it began {@code age} ago. */
    private static void backUpAndAge(Path backups, String name, Duration age) throws IOException {
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", name);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path manifest = backups.resolve(name).resolve(BackupManifest.FILE_NAME);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
        m.put("startedAt", Instant.now().minus(age).toString());
        json.writeValue(manifest.toFile(), m);
    }

    private static double exchanges(int port, String routeId) {
        String text = ServeMetricsIT.metrics(port);
        return text.lines().filter(l -> l.startsWith("camel_exchanges_total{") && l.contains("routeId=\"" + routeId + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
