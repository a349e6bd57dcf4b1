package io.graphvault.serve;

import io.graphvault.backup.BackupJob;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Errors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphVault's own figures on {@code serve}'s {@code /observe/metrics}, next to Camel's route
 * metrics. {@code serve}'s job queue reports every job here, one at a time, so this is the one
 * record of the last backup (the health check reads it too). A figure not known yet (no backup
 * since start, S3 not configured or never reached) reads NaN. The S3 count is taken after each
 * job, never at a scrape: a scrape neither waits for S3 nor fails while it is down.
 */
public final class BackupMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(BackupMetrics.class);

    /** The last successful backup of this process. */
    public record LastBackup(Instant at, String id, Duration took, long records, long bytes) {
    }

    private final Clock clock;
    private final LocalBackupStore local;
    private final S3BackupStore s3;
    private final AtomicLong backupsStarted = new AtomicLong();
    private final AtomicLong backupsSucceeded = new AtomicLong();
    private final AtomicLong backupsFailed = new AtomicLong();
    private volatile Duration period;
    private volatile LastBackup lastBackup;
    private volatile Instant lastReplicationAt;
    private volatile Instant lastRestoreAt;
    private volatile boolean lastRestoreSucceeded;
    private final AtomicLong drillsFailed = new AtomicLong();
    private volatile Instant lastDrillSuccessAt;
    private volatile Duration lastDrillDuration;
    /** Null before the first drill: the gauge reads NaN, and no alert fires on it. */
    private volatile Boolean lastDrillPassed;
    private volatile double localHeld = Double.NaN;
    private volatile double s3Held = Double.NaN;
    // the job the queue is working on (one at a time), and whether it has been reported a success
    private volatile Job job;
    private volatile boolean jobSucceeded;

    public BackupMetrics(Clock clock, LocalBackupStore local, S3BackupStore s3) {
        this.clock = clock;
        this.local = local;
        this.s3 = s3;
    }

    /** Registers the figures on Camel's Micrometer registry (Prometheus names in the comments). */
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "graphvault.last.backup.success.timestamp", "seconds", "end of the last successful backup",
                m -> m.lastBackup == null ? Double.NaN : m.lastBackup.at().toEpochMilli() / 1000.0);
        gauge(registry, "graphvault.last.backup.duration", "seconds", "wall time of the last successful backup",
                m -> m.lastBackup == null ? Double.NaN : m.lastBackup.took().toMillis() / 1000.0);
        gauge(registry, "graphvault.last.backup.records", null, "nodes plus relationships in the last successful backup",
                m -> m.lastBackup == null ? Double.NaN : m.lastBackup.records());
        gauge(registry, "graphvault.last.backup", "bytes", "bytes stored by the last successful backup",
                m -> m.lastBackup == null ? Double.NaN : m.lastBackup.bytes());
        FunctionCounter.builder("graphvault.backups.failed", this, m -> m.backupsFailed.get())
                .description("backups run by serve that failed").register(registry);
        FunctionCounter.builder("graphvault.backups", this, m -> m.backupsStarted.get())
                .description("backups serve started (succeeded, failed or running)").register(registry);
        FunctionCounter.builder("graphvault.backups.succeeded", this, m -> m.backupsSucceeded.get())
                .description("backups run by serve that succeeded").register(registry);
        // what an alert measures the last success's age against: without it an alert would hard-code the schedule
        gauge(registry, "graphvault.backup.period", "seconds",
                "time between two scheduled backups (BACKUP_INTERVAL, or BACKUP_SCHEDULE's next two)",
                m -> m.period == null ? Double.NaN : m.period.toMillis() / 1000.0);
        gauge(registry, "graphvault.last.replication.success.timestamp", "seconds",
                "end of the last replication that left a backup complete in S3",
                m -> m.lastReplicationAt == null ? Double.NaN : m.lastReplicationAt.toEpochMilli() / 1000.0);
        Gauge.builder("graphvault.backups.held", this, m -> m.localHeld).tag("location", "local")
                .description("completed backups held").register(registry);
        Gauge.builder("graphvault.backups.held", this, m -> m.s3Held).tag("location", "s3")
                .description("completed backups held").register(registry);
        gauge(registry, "graphvault.last.restore.success", null, "1 when serve's last restore succeeded, 0 when it failed",
                m -> m.lastRestoreAt == null ? Double.NaN : m.lastRestoreSucceeded ? 1 : 0);
        gauge(registry, "graphvault.last.restore.timestamp", "seconds", "end of serve's last restore",
                m -> m.lastRestoreAt == null ? Double.NaN : m.lastRestoreAt.toEpochMilli() / 1000.0);
        gauge(registry, "graphvault.restore.drill.last.success.timestamp", "seconds", "end of the last restore drill that passed",
                m -> m.lastDrillSuccessAt == null ? Double.NaN : m.lastDrillSuccessAt.toEpochMilli() / 1000.0);
        gauge(registry, "graphvault.restore.drill.last.duration", "seconds", "restore and comparison time of the last drill that passed",
                m -> m.lastDrillDuration == null ? Double.NaN : m.lastDrillDuration.toMillis() / 1000.0);
        gauge(registry, "graphvault.restore.drill.success", null, "1 when the last restore drill passed, 0 when it failed",
                m -> m.lastDrillPassed == null ? Double.NaN : m.lastDrillPassed ? 1 : 0);
        FunctionCounter.builder("graphvault.restore.drills.failed", this, m -> m.drillsFailed.get())
                .description("restore drills that failed since serve started").register(registry);
        countLocal();
    }

    private void gauge(MeterRegistry registry, String name, String unit, String help, ToDoubleFunction<BackupMetrics> f) {
        Gauge.builder(name, this, f).baseUnit(unit).description(help).register(registry);
    }

    /** Called by {@code serve} once the schedule is known ({@link ServeSchedule#period()}); null means no schedule. */
    public void schedule(Duration period) {
        this.period = period;
    }

    /** First step of a queued job: {@code body} is what it was asked to do. */
    public void jobStarted(@Body Job body) {
        job = body;
        jobSucceeded = false;
        if (body instanceof Job.Backup) {
            backupsStarted.incrementAndGet();
        }
    }

    public void backupSucceeded(@Body BackupJob backup) {
        Instant now = clock.instant();
        long records = backup.counts().nodes() + backup.counts().relationships();
        lastBackup = new LastBackup(now, backup.id(), Duration.between(backup.startedAt(), now), records,
                backup.manifest().totalBytes());
        backupsSucceeded.incrementAndGet();
        jobSucceeded = true;
    }

    public void restoreSucceeded() {
        lastRestoreAt = clock.instant();
        lastRestoreSucceeded = true;
        jobSucceeded = true;
    }

    void backupFailed() {
        backupsFailed.incrementAndGet();
    }

    /** Called by the restore drill when the restored database equals the backup. */
    public void drillSucceeded(Duration took) {
        lastDrillSuccessAt = clock.instant();
        lastDrillDuration = took;
        lastDrillPassed = true;
        jobSucceeded = true;
    }

    void drillFailed() {
        lastDrillPassed = false;
        drillsFailed.incrementAndGet();
    }

    void restoreFailed() {
        lastRestoreAt = clock.instant();
        lastRestoreSucceeded = false;
    }

    /** Called when a backup's files are all in S3 (uploaded now or found there). */
    public void replicated() {
        lastReplicationAt = clock.instant();
    }

    /** Last step of every queued job, whatever its outcome: a job not reported a success failed. */
    public void jobFinished() {
        if (!jobSucceeded && job != null) {
            job.failed(this);
        }
        job = null;
        countLocal();
        if (s3.settings().configured()) {
            try {
                s3Held = s3.list().size();
            } catch (RuntimeException e) {
                LOG.debug("backups in {} not counted this time: {}", s3.settings().rootUri(), S3Errors.describe(e));
            }
        }
    }

    private void countLocal() {
        try {
            localHeld = local.list().size();
        } catch (RuntimeException e) {
            LOG.debug("local backups not counted this time: {}", e.getMessage());
        }
    }

    public LastBackup lastBackup() {
        return lastBackup;
    }
}
