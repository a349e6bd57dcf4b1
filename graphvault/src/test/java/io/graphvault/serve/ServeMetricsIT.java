package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.app.GraphVaultServer;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.LockHolder;
import io.graphvault.testing.Ports;
import io.graphvault.testing.S3Buckets;
import io.graphvault.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeMetricsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void theMetricsEndpointShowsTheLastBackupAndCountsAFailedOneWithoutForgettingTheLastSuccessAndAFailedRestore(
            S3Buckets s3, @EmptyBucket String bucket) throws Exception {
        Path backups = work.resolve("backups");
        Inbox inbox = new Inbox(work.resolve("inbox"));
        int port = Ports.free();
        Map<String, String> c = TestServices.serveConfig(backups, inbox.dir(), port);
        c.put("backup.lock-timeout", "0");
        // a schedule for the period gauge, whose first backup (6 h after start) this test never sees
        c.put("backup.interval", "6h");
        long records = graphRecords();
        c.putAll(s3.config(bucket, "metrics"));
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            Instant before = Instant.now();
            inbox.drop("first.json", "{\"name\": \"first\"}");
            inbox.awaitFile(inbox.done("first.json"), WITHIN);
            Instant after = Instant.now();

            String text = metrics(port);
            assertThat(value(text, "graphvault_backup_period_seconds")).isEqualTo(6 * 3600);
            assertThat(value(text, "graphvault_backups_total")).isEqualTo(1);
            assertThat(value(text, "graphvault_backups_succeeded_total")).isEqualTo(1);
            assertThat(value(text, "process_start_time_seconds")).isLessThanOrEqualTo(before.getEpochSecond());
            // without SERVE_CLUSTER serve leads from its start
            assertThat(value(text, "graphvault_leader_since_timestamp_seconds")).isLessThanOrEqualTo(before.getEpochSecond() + 1)
                    .isGreaterThan(before.getEpochSecond() - 600);
            // the dashboard and the alert rules query these by name: a renamed metric must be renamed there too
            assertThat(Pattern.compile("(?m)^(graphvault_\\w+)").matcher(text).results().map(r -> r.group(1)).toList())
                    .as("MonitoringQueriesTest.SERVE_METRICS").isSubsetOf(MonitoringQueriesTest.SERVE_METRICS);
            double lastSuccess = value(text, "graphvault_last_backup_success_timestamp_seconds");
            assertThat(lastSuccess).isBetween(before.getEpochSecond() - 1.0, after.getEpochSecond() + 1.0);
            assertThat(value(text, "graphvault_last_backup_records")).isEqualTo(records);
            assertThat(value(text, "graphvault_last_backup_bytes")).isPositive();
            assertThat(value(text, "graphvault_last_backup_duration_seconds"))
                    .isPositive().isLessThanOrEqualTo(Duration.between(before, after).toMillis() / 1000.0 + 1);
            assertThat(value(text, "graphvault_backups_failed_total")).isZero();
            assertThat(value(text, "graphvault_last_replication_success_timestamp_seconds"))
                    .isBetween(before.getEpochSecond() - 1.0, after.getEpochSecond() + 1.0);
            assertThat(value(text, "graphvault_backups_held{location=\"local\"}")).isEqualTo(1);
            assertThat(value(text, "graphvault_backups_held{location=\"s3\"}")).isEqualTo(1);
            // a route metric of Camel's own: the job queue ran one job
            assertThat(text).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"serve-jobs\"[^}]*} 1");

            // another process holds the backup folder: the next backup fails at once
            LockHolder holder = LockHolder.hold(backups, "restore from nightly");
            Instant restoreBefore;
            try {
                inbox.drop("second.json", "{\"name\": \"second\"}");
                inbox.awaitFile(inbox.failed("second.json"), WITHIN);
                restoreBefore = Instant.now();
                inbox.drop("restore.json", "{\"action\": \"restore\", \"from\": \"first\"}");
                inbox.awaitFile(inbox.failed("restore.json"), WITHIN);
            } finally {
                holder.close();
                holder.kill();
            }
            String afterFailure = metrics(port);
            assertThat(value(afterFailure, "graphvault_backups_failed_total")).isEqualTo(1);
            // the restore is no backup: two started, one of them succeeded
            assertThat(value(afterFailure, "graphvault_backups_total")).isEqualTo(2);
            assertThat(value(afterFailure, "graphvault_backups_succeeded_total")).isEqualTo(1);
            assertThat(value(afterFailure, "graphvault_last_backup_success_timestamp_seconds")).isEqualTo(lastSuccess);
            assertThat(value(afterFailure, "graphvault_last_backup_records")).isEqualTo(records);
            assertThat(value(afterFailure, "graphvault_backups_held{location=\"local\"}")).isEqualTo(1);
            assertThat(value(afterFailure, "graphvault_last_restore_success")).isZero();
            assertThat(value(afterFailure, "graphvault_last_restore_timestamp_seconds"))
                    .isGreaterThanOrEqualTo(restoreBefore.getEpochSecond() - 1.0);
        }
    }

    private static long graphRecords() {
        try (Session s = TestServices.sourceDriver().session()) {
            return s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong()
                    + s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
        }
    }

    /** The value of one sample, named with its labels as Prometheus text writes them. */
    static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("sample %s in%n%s", sample, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static String metrics(int port) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build();
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        }, body -> body != null);
    }
}
