package io.graphvault.serve;

import static io.graphvault.serve.DeployFiles.list;
import static io.graphvault.serve.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphvault.app.GraphVaultServer;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules users load into Prometheus (deploy/prometheus): promtool accepts them and passes their
 * unit tests, every alert has a test case in which it fires, and a real Prometheus scraping a real
 * {@code serve} with the rules loaded fires the failed-backup alert. Needs {@code promtool} and
 * {@code prometheus} on the PATH (Debian package prometheus; .ci/run installs it).
 */
class AlertRulesIT {

    private static final Path RULES = DeployFiles.DEPLOY.resolve("prometheus/graphvault-alerts.yml");
    private static final Path RULE_TESTS = RULES.resolveSibling("graphvault-alerts.test.yml");
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void promtoolAcceptsTheRulesAndPassesTheirTestsInWhichEveryAlertFiresOnce() throws Exception {
        assertThat(run("promtool", "check", "rules", RULES.toString())).startsWith("exit 0");
        assertThat(run("promtool", "test", "rules", RULE_TESTS.toString())).startsWith("exit 0");

        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                alerts.add((String) rule.get("alert"));
            }
        }
        Set<String> firing = new TreeSet<>();
        for (Map<String, Object> test : list(yaml(RULE_TESTS).get("tests"))) {
            for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
                if (!list(check.get("exp_alerts")).isEmpty()) {
                    firing.add((String) check.get("alertname"));
                }
            }
        }
        assertThat(alerts).as("alerts in %s", RULES).hasSizeGreaterThanOrEqualTo(8);
        assertThat(firing).as("alerts that fire in a case of %s", RULE_TESTS).containsAll(alerts);
    }

    @Test
    void prometheusScrapingServeFiresTheFailedBackupAlertWhenABackupFails() throws Exception {
        int servePort = Ports.free();
        int prometheusPort = Ports.free();
        // nothing listens on that port: every backup fails, as when Neo4j is down
        Map<String, String> c = TestServices.config("bolt://127.0.0.1:" + Ports.free(), "unused", work.resolve("backups"));
        Inbox inbox = new Inbox(work.resolve("inbox"));
        c.put("backup.inbox", inbox.dir().toString());
        c.put("camel.management.port", String.valueOf(servePort));
        // Sundays at 03:00: a period (one week) for the rules, and no scheduled backup within the test
        c.put("backup.schedule", "0 0 3 ? * SUN");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            Process prometheus = startPrometheus(servePort, prometheusPort);
            try {
                String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
                // scraped before the failure: increase() needs the counter's 0 as well as its 1
                assertThat(awaitValue(api, "graphvault_backups_failed_total", "0")).containsEntry("job", "graphvault")
                        .containsEntry("instance", "127.0.0.1:" + servePort);
                assertThat(awaitValue(api, "graphvault_backup_period_seconds", "604800")).containsKey("job");
                assertThat(awaitValue(api, "graphvault_backups_total", "0")).containsKey("job");

                inbox.drop("now", "");
                inbox.awaitFile(inbox.failed("now"), WITHIN);
                awaitValue(api, "graphvault_backups_failed_total", "1");
                JsonNode alert = await("GraphVaultBackupFailed firing in /api/v1/alerts").atMost(WITHIN)
                        .until(() -> firing(api), f -> !f.isEmpty()).get(0);
                assertThat(firingNames(api)).containsExactly("GraphVaultBackupFailed");
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
                assertThat(alert.path("labels").path("instance").asText()).isEqualTo("127.0.0.1:" + servePort);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** Prometheus scraping serve every second and evaluating the rules every second, its data in {@link #work}. */
    private Process startPrometheus(int servePort, int prometheusPort) throws IOException {
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: graphvault
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(RULES, servePort));
        Path log = work.resolve("prometheus.log");
        Process p;
        try {
            p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is not on the PATH: install the Debian package prometheus (.ci/run does)", e);
        }
        URI ready = URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready");
        await().atMost(WITHIN).until(() -> {
            assertThat(p.isAlive()).as("prometheus exited: %s", Files.readString(log)).isTrue();
            return status(ready) == 200;
        });
        return p;
    }

    /** The labels of the one series {@code query} returns once its value is {@code value}. */
    private static Map<String, String> awaitValue(String api, String query, String value) {
        JsonNode series = await().atMost(WITHIN).until(() -> {
            JsonNode result = get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data")
                    .path("result");
            return result.size() == 1 && result.get(0).path("value").path(1).asText().equals(value) ? result.get(0) : null;
        }, s -> s != null);
        return JSON.convertValue(series.path("metric"), JSON.getTypeFactory().constructMapType(Map.class, String.class,
                String.class));
    }

    private static List<JsonNode> firing(String api) throws IOException, InterruptedException {
        List<JsonNode> firing = new ArrayList<>();
        for (JsonNode alert : get(api + "alerts").path("data").path("alerts")) {
            if (alert.path("state").asText().equals("firing")) {
                firing.add(alert);
            }
        }
        return firing;
    }

    private static List<String> firingNames(String api) throws IOException, InterruptedException {
        return firing(api).stream().map(a -> a.path("labels").path("alertname").asText()).toList();
    }

    private static JsonNode get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int status(URI uri) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** "exit N" and what the command printed. */
    private String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, command[0], ".out");
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not on the PATH: install the Debian package prometheus (.ci/run does)", e);
        }
        if (!p.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + WITHIN + ":\n" + Files.readString(out));
        }
        return "exit " + p.exitValue() + "\n" + Files.readString(out);
    }
}
