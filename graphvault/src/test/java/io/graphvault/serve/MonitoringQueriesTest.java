package io.graphvault.serve;

import static io.graphvault.serve.DeployFiles.DEPLOY;
import static io.graphvault.serve.DeployFiles.list;
import static io.graphvault.serve.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PromQL that users load (the Grafana dashboard, the alert rules) names only metrics that {@code serve}
 * exports: a metric renamed or dropped breaks this test, not a dashboard panel that goes quietly empty.
 */
class MonitoringQueriesTest {

    /**
     * What {@code serve} exports at /observe/metrics (docs/design.md, "Metrics and health"), as Prometheus
     * names it; the one list to change when a metric is added, renamed or dropped.
     */
    static final Set<String> SERVE_METRICS = Set.of(
            "graphvault_last_backup_success_timestamp_seconds",
            "graphvault_last_backup_duration_seconds",
            "graphvault_last_backup_records",
            "graphvault_last_backup_bytes",
            "graphvault_backups_total",
            "graphvault_backups_succeeded_total",
            "graphvault_backups_failed_total",
            "graphvault_backup_period_seconds",
            "graphvault_last_replication_success_timestamp_seconds",
            "graphvault_backups_held",
            "graphvault_last_restore_success",
            "graphvault_last_restore_timestamp_seconds",
            "graphvault_cluster_leader",
            "graphvault_leader_since_timestamp_seconds",
            "graphvault_restore_drill_last_success_timestamp_seconds",
            "graphvault_restore_drill_last_duration_seconds",
            "graphvault_restore_drill_success",
            "graphvault_restore_drills_failed_total",
            // Micrometer's uptime binder (camel.metrics.binders)
            "process_start_time_seconds");

    private static final Path DASHBOARD = DEPLOY.resolve("grafana/graphvault-dashboard.json");
    private static final Path RULES = DEPLOY.resolve("prometheus/graphvault-alerts.yml");

    /** Words of PromQL that are not metric names where they stand outside a function call's name. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern NAME = Pattern.compile("\\b([A-Za-z_:][A-Za-z0-9_:]*)\\b(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,");

    @Test
    void everyDashboardPanelQueriesOnlyMetricsServeExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s used twice", panel.path("id")).isTrue();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("%s's data source", panel.path("title"))
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("%s's queries", panel.path("title")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                assertThat(m.find()).as("variable %s: label_values(metric, label)", variable.path("name")).isTrue();
                queries.put("variable " + variable.path("name").asText(), m.group(1));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        assertOnlyServeMetrics(queries);
    }

    @Test
    void everyAlertRuleQueriesOnlyMetricsServeExports() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Map<String, Object> group : list(yaml(RULES).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                queries.put((String) rule.get("alert"), (String) rule.get("expr"));
            }
        }
        assertThat(queries).isNotEmpty();
        assertOnlyServeMetrics(queries);
    }

    @Test
    void theNamesOfAQueryAreItsMetricsNotItsFunctionsLabelsOrVariables() {
        assertThat(metrics("time() - max by (job, instance) (graphvault_last_backup_success_timestamp_seconds{job=~\"$job\"})"
                + " > on (job) graphvault_backup_period_seconds * 1.5 + 600"))
                .containsExactly("graphvault_backup_period_seconds", "graphvault_last_backup_success_timestamp_seconds");
        assertThat(metrics("sum by (job) (increase(graphvault_backups_failed_total{location=\"s3\"}[$__range])) unless absent(up)"))
                .containsExactly("graphvault_backups_failed_total", "up");
    }

    private static void assertOnlyServeMetrics(Map<String, String> queries) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Set<String> names = metrics(query.getValue());
            assertThat(names).as("metrics in %s: %s", query.getKey(), query.getValue()).isNotEmpty();
            names.stream().filter(n -> !SERVE_METRICS.contains(n)).forEach(n -> unknown.add(query.getKey() + ": " + n));
        }
        assertThat(unknown).as("metrics serve does not export (MonitoringQueriesTest.SERVE_METRICS)").isEmpty();
    }

    /** The metric names in a PromQL expression. */
    static Set<String> metrics(String promql) {
        String bare = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1).toLowerCase()) && !Character.isDigit(m.group(1).charAt(0))) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
