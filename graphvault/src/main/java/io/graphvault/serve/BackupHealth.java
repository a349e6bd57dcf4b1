package io.graphvault.serve;

import io.graphvault.internal.GraphVaultException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code graphvault-backups} health check of {@code serve}: DOWN when the last scheduled backup
 * failed, or when the last successful one is older than twice the schedule (counted from start-up
 * until the first one). Its details give the last successful backup and its time. A standby of
 * SERVE_CLUSTER runs no schedule: UP, and its details say what it waits for.
 */
public final class BackupHealth extends AbstractHealthCheck {

    private final Clock clock;
    private final BackupMetrics metrics;
    private volatile Duration period;
    private volatile Instant since;
    private volatile Instant lastScheduledAt;
    private volatile String lastScheduledError;
    private volatile ServeLeadership leadership;

    /** {@code metrics} keeps the last successful backup, for both. */
    public BackupHealth(Clock clock, BackupMetrics metrics) {
        super("graphvault", "graphvault-backups");
        this.clock = clock;
        this.metrics = metrics;
        this.since = clock.instant();
    }

    /** Called by {@code serve} once the schedule is known; null means no schedule. */
    public void schedule(Duration period) {
        this.period = period;
        this.since = clock.instant();
    }

    /** Called by {@code serve} with its place among the replicas. */
    public void leadership(ServeLeadership leadership) {
        this.leadership = leadership;
    }

    /**
     * Part of readiness, except with a Kubernetes Lease: Camel's KubernetesClusterService lets only ready pods lead,
     * so a failing backup (Neo4j down for all replicas alike) would pass the lead from pod to pod. The check still
     * counts in {@code /observe/health}, and the alert rules see the failures.
     */
    @Override
    public boolean isReadiness() {
        ServeLeadership l = leadership;
        return l == null || !l.leadFollowsReadiness();
    }

    public void scheduledBackupSucceeded() {
        lastScheduledAt = clock.instant();
        lastScheduledError = null;
    }

    public void scheduledBackupFailed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        GraphVaultException known = GraphVaultException.find(e);
        lastScheduledAt = clock.instant();
        lastScheduledError = known != null ? known.getMessage() : String.valueOf(e);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration p = period;
        builder.detail("schedule", p == null ? "none" : p.toString());
        ServeLeadership l = leadership;
        Instant leaderSince = null;
        if (l != null && l.clustered()) {
            leaderSince = l.leaderSince();
            builder.detail("role", leaderSince == null ? "standby" : "leader");
            if (leaderSince == null) {
                // the leader runs the schedule: a standby has no backup of its own to be late with
                builder.detail("waitingFor", l.waitsFor());
                builder.message("standby: waits for " + l.waitsFor());
                builder.up();
                return;
            }
        }
        BackupMetrics.LastBackup last = metrics.lastBackup();
        if (last != null) {
            builder.detail("lastSuccessfulBackup", last.at().toString());
            builder.detail("lastSuccessfulBackupId", last.id());
        }
        if (lastScheduledError != null) {
            builder.detail("lastScheduledBackupError", lastScheduledError);
            builder.message("the last scheduled backup failed: " + lastScheduledError);
            builder.down();
            return;
        }
        if (p != null) {
            Instant reference = lastScheduledAt != null ? lastScheduledAt : since;
            // a standby that took over is late only from then on
            if (leaderSince != null && leaderSince.isAfter(reference)) {
                reference = leaderSince;
            }
            if (Duration.between(reference, clock.instant()).compareTo(p.multipliedBy(2)) > 0) {
                builder.message("no successful scheduled backup since " + reference + ", more than twice the schedule ("
                        + p + ")");
                builder.down();
                return;
            }
        }
        builder.up();
    }
}
