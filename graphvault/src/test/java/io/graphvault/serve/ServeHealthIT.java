package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.app.GraphVaultServer;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.LockHolder;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeHealthIT {

    @TempDir
    Path work;

    private Map<String, String> config(int port) {
        return TestServices.serveConfig(work.resolve("backups"), work.resolve("inbox"), port);
    }

    @Test
    void healthIsUpAndNamesTheLastSuccessfulBackupAfterAScheduledBackup() throws Exception {
        int port = Ports.free();
        Map<String, String> c = config(port);
        c.put("backup.interval", "1s");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> health(port).body().contains("lastSuccessfulBackup"));
            HttpResponse<String> r = health(port);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"UP\"").contains("graphvault-backups").contains("lastSuccessfulBackupId");
        }
    }

    @Test
    void healthTurnsDownWhenTheLastScheduledBackupFailed() throws Exception {
        int port = Ports.free();
        Map<String, String> c = config(port);
        c.put("backup.interval", "1s");
        c.put("neo4j.uri", "bolt://127.0.0.1:" + Ports.free());
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> health(port).statusCode() == 503);
            assertThat(health(port).body()).contains("the last scheduled backup failed").contains("cannot reach Neo4j");
        }
    }

    @Test
    void aFailedScheduledBackupDoesNotStopTheScheduleAndTheNextSuccessfulOneBringsHealthBack() throws Exception {
        int port = Ports.free();
        Path backups = work.resolve("backups");
        Map<String, String> c = config(port);
        c.put("backup.interval", "1s");
        c.put("backup.lock-timeout", "0");
        // another process holds the backup folder from the start: every scheduled backup fails at once
        LockHolder holder = LockHolder.hold(backups, "restore from nightly");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> health(port).statusCode() == 503);
                assertThat(health(port).body()).contains("the last scheduled backup failed").contains("pid " + holder.pid());
                assertThat(Inbox.folders(backups)).isEmpty();
            } finally {
                holder.close();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> health(port).statusCode() == 200);
            assertThat(health(port).body()).contains("lastSuccessfulBackupId");
            assertThat(Inbox.folders(backups)).isNotEmpty();
        } finally {
            holder.kill();
        }
    }

    @Test
    void healthTurnsDownWhenNoScheduledBackupSucceededForTwiceTheSchedule() throws Exception {
        int port = Ports.free();
        Map<String, String> c = config(port);
        c.put("backup.schedule", "0 0 0 1 1 ?");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            assertThat(health(port).statusCode()).isEqualTo(200);
            BackupHealth health = server.runtime().bean("backupHealth", BackupHealth.class);
            health.schedule(Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(10)).until(() -> health(port).statusCode() == 503);
            assertThat(health(port).body()).contains("more than twice the schedule");
        }
    }

    private static HttpResponse<String> health(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health?data=true")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
