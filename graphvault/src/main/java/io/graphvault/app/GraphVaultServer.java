package io.graphvault.app;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.SettingValues;
import io.graphvault.serve.BackupHealth;
import io.graphvault.serve.BackupMetrics;
import io.graphvault.serve.ScheduleCatchUp;
import io.graphvault.serve.ServeCluster;
import io.graphvault.serve.ServeDefaults;
import io.graphvault.serve.ServeLeadership;
import io.graphvault.serve.ServeSchedule;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * {@code serve}: one long-running GraphVault with the job queue, the inbox, the schedule, the
 * offsite sweep, the restore drill, the health endpoint and metrics. The job routes exist in every
 * GraphVault but only start here; the triggers (inbox, schedule, sweep, drill) are made here, and
 * with SERVE_CLUSTER consume on the leader only.
 */
public final class GraphVaultServer implements AutoCloseable {

    private final GraphVaultRuntime runtime;
    private final ServeSchedule schedule;
    private final boolean offsite;
    private final ServeCluster cluster;

    private GraphVaultServer(GraphVaultRuntime runtime, ServeSchedule schedule, boolean offsite, ServeCluster cluster) {
        this.runtime = runtime;
        this.schedule = schedule;
        this.offsite = offsite;
        this.cluster = cluster;
    }

    public static GraphVaultServer start(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(overrides);
        config.putIfAbsent("camel.management.enabled", "true");
        GraphVaultRuntime runtime = GraphVaultRuntime.start(config);
        try {
            SettingValues.port("SERVER_PORT", runtime.property("camel.management.port")); // Camel would listen nowhere
            ServeSchedule schedule = ServeSchedule.of(runtime.property("backup.schedule"), runtime.property("backup.interval"));
            ServeCluster cluster = ServeCluster.parse(runtime.property("serve.cluster"));
            S3Settings s3 = runtime.bean("s3Settings", S3Settings.class);
            if (s3.configured()) {
                s3.validate();
            }
            CamelContext context = runtime.context();
            BackupHealth health = runtime.bean("backupHealth", BackupHealth.class);
            health.schedule(schedule.period());
            runtime.bean("backupMetrics", BackupMetrics.class).schedule(schedule.period());
            ServeLeadership leadership = new ServeLeadership(cluster, Clock.systemUTC());
            health.leadership(leadership);
            HealthCheckRegistry.get(context).register(health);
            // the registry camel-micrometer-prometheus made: one registry, one scrape
            MeterRegistry meters = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                    MeterRegistry.class);
            if (meters != null) {
                runtime.bean("backupMetrics", BackupMetrics.class).bindTo(meters);
                leadership.bindTo(meters);
            }
            RestoreDrill drill = RestoreDrill.of(runtime, overrides);
            if (drill != null) {
                context.getRegistry().bind("restoreDrill", drill);
                context.addRouteFromTemplate("serve-drill", "restore-drill-job", Map.of());
            }
            for (String route : List.of("serve-jobs", "serve-backup", "serve-restore", "serve-replicate", "scheduled-backup")) {
                context.getRouteController().startRoute(route);
            }
            // the triggers: each a master: endpoint of the cluster service when clustered, so joined first
            leadership.join(context);
            String leaderOnly = cluster.leaderOnlyPrefix();
            context.addRouteFromTemplate("inbox", "inbox-files", Map.of("leaderOnly", leaderOnly));
            if (s3.configured()) {
                context.addRouteFromTemplate("replication-sweep", "replication-sweep-timer", Map.of("leaderOnly", leaderOnly,
                        "period", ServeSchedule.offsiteSweep(runtime.property("s3.sweep-interval")).toMillis()));
            }
            if (!schedule.none()) {
                context.getRegistry().bind("scheduleCatchUp", new ScheduleCatchUp(schedule,
                        runtime.bean("serveDefaults", ServeDefaults.class).target(), runtime.bean("localBackupStore",
                        LocalBackupStore.class), runtime.bean("s3BackupStore", S3BackupStore.class), Clock.systemUTC()));
                context.addRouteFromTemplate("scheduled-backup-catch-up", "scheduled-backup-catch-up-timer",
                        Map.of("leaderOnly", leaderOnly));
            }
            if (schedule.cron() != null) {
                context.addRouteFromTemplate("scheduled-backup-trigger", "scheduled-backup-cron",
                        Map.of("leaderOnly", leaderOnly, "cron", schedule.cron()));
            } else if (schedule.interval() != null) {
                context.addRouteFromTemplate("scheduled-backup-trigger", "scheduled-backup-interval",
                        Map.of("leaderOnly", leaderOnly, "period", schedule.interval().toMillis()));
            }
            if (drill != null) {
                context.addRouteFromTemplate("restore-drill", "restore-drill-timer", Map.of("leaderOnly", leaderOnly,
                        "period", SettingValues.period("DRILL_INTERVAL", runtime.property("neo4j.drill.interval")).toMillis()));
            }
            return new GraphVaultServer(runtime, schedule, s3.configured(), cluster);
        } catch (Exception e) {
            runtime.close();
            throw GraphVaultException.wrap("serve could not start", e);
        }
    }

    public GraphVaultRuntime runtime() {
        return runtime;
    }

    /** One line about what this server does, for the log and the console. */
    public String describe() {
        S3Settings s3 = runtime.bean("s3Settings", S3Settings.class);
        return "inbox " + runtime.property("backup.inbox") + ", backups in " + runtime.property("backup.dir")
                + ", schedule " + schedule + ", offsite " + (offsite ? s3.rootUri() : "off") + ", cluster " + cluster
                + ", health on port " + runtime.property("camel.management.port") + " at /observe/health and /observe/metrics";
    }

    @Override
    public void close() {
        runtime.close();
    }
}
