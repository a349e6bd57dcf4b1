package io.graphvault.serve;

import io.graphvault.backup.BackupTarget;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.storage.retention.RetentionPolicy;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.jackson.JacksonDataFormat;

import static io.graphvault.internal.SettingValues.wholeNumber;

/** The beans of {@code serve}'s routes: trigger defaults, inbox reader, retention, health and metrics. */
@Configuration
public class ServeConfiguration implements CamelConfiguration {

    @PropertyInject(value = "backup.inbox", defaultValue = "inbox")
    String inbox;
    @PropertyInject(value = "backup.keep-last", defaultValue = "0")
    String keepLast;
    @PropertyInject(value = "backup.keep-hourly", defaultValue = "0")
    String keepHourly;
    @PropertyInject(value = "backup.keep-daily", defaultValue = "0")
    String keepDaily;
    @PropertyInject(value = "backup.keep-weekly", defaultValue = "0")
    String keepWeekly;
    @PropertyInject(value = "backup.keep-monthly", defaultValue = "0")
    String keepMonthly;
    @PropertyInject(value = "backup.keep-yearly", defaultValue = "0")
    String keepYearly;
    @PropertyInject(value = "s3.keep-hourly", defaultValue = "0")
    String s3KeepHourly;
    @PropertyInject(value = "s3.keep-daily", defaultValue = "0")
    String s3KeepDaily;
    @PropertyInject(value = "s3.keep-weekly", defaultValue = "0")
    String s3KeepWeekly;
    @PropertyInject(value = "s3.keep-monthly", defaultValue = "0")
    String s3KeepMonthly;
    @PropertyInject(value = "s3.keep-yearly", defaultValue = "0")
    String s3KeepYearly;
    @PropertyInject(value = "backup.exclude-properties", defaultValue = "")
    String excludeProperties;
    @PropertyInject(value = "backup.batch-size", defaultValue = "10000")
    String batchSize;
    @PropertyInject(value = "backup.to", defaultValue = "")
    String backupTo;
    @PropertyInject(value = "backup.incremental", defaultValue = "0")
    String incremental;

    private BackupHealth health;
    private BackupMetrics metrics;

    @BindToRegistry
    public ServeDefaults serveDefaults(S3Settings s3Settings) {
        int size = wholeNumber("BACKUP_BATCH_SIZE", batchSize);
        if (size <= 0) {
            throw new GraphVaultException("BACKUP_BATCH_SIZE is " + size + ": use a positive number");
        }
        int fullEvery = incremental.isBlank() ? 0 : wholeNumber("BACKUP_INCREMENTAL", incremental);
        if (fullEvery < 0) {
            throw new GraphVaultException("BACKUP_INCREMENTAL is " + fullEvery + ": use 0 (every backup full) or N (incremental"
                    + " backups, a full one every N)");
        }
        return new ServeDefaults(Arrays.stream(excludeProperties.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                size, backupTarget(s3Settings), fullEvery);
    }

    /** BACKUP_TO; unset, what serve always did: replicated when S3 is configured. */
    private BackupTarget backupTarget(S3Settings s3Settings) {
        if (backupTo.isBlank()) {
            return s3Settings.configured() ? BackupTarget.BOTH : BackupTarget.LOCAL;
        }
        BackupTarget target = BackupTarget.parse("BACKUP_TO", backupTo);
        if (target.usesS3() && !s3Settings.configured()) {
            throw new GraphVaultException("BACKUP_TO is '" + backupTo + "' but S3_BUCKET is not set");
        }
        return target;
    }

    @BindToRegistry
    public JobQueueLock jobQueueLock(JobLock jobLock) {
        return new JobQueueLock(jobLock);
    }

    @BindToRegistry
    public InboxTriggers inboxTriggers(S3Settings s3Settings, LocalBackupStore localBackupStore) {
        return new InboxTriggers(serveDefaults(s3Settings), s3Settings, localBackupStore.root(), Path.of(inbox));
    }

    /** The inbox route's binding of a trigger file's JSON to a {@link Trigger}. */
    @BindToRegistry
    public JacksonDataFormat triggerFormat() {
        return Trigger.format();
    }

    @BindToRegistry
    public Retention retention(LocalBackupStore localBackupStore, S3BackupStore s3BackupStore) {
        RetentionPolicy local = new RetentionPolicy(keep("BACKUP_KEEP_LAST", keepLast), keep("BACKUP_KEEP_HOURLY", keepHourly),
                keep("BACKUP_KEEP_DAILY", keepDaily), keep("BACKUP_KEEP_WEEKLY", keepWeekly),
                keep("BACKUP_KEEP_MONTHLY", keepMonthly), keep("BACKUP_KEEP_YEARLY", keepYearly));
        RetentionPolicy s3 = new RetentionPolicy(s3BackupStore.settings().keepLast(), keep("S3_KEEP_HOURLY", s3KeepHourly),
                keep("S3_KEEP_DAILY", s3KeepDaily), keep("S3_KEEP_WEEKLY", s3KeepWeekly),
                keep("S3_KEEP_MONTHLY", s3KeepMonthly), keep("S3_KEEP_YEARLY", s3KeepYearly));
        return new Retention(localBackupStore, local, s3BackupStore, s3);
    }

    /** A keep count: 0 (the rule is off) or more. */
    private static int keep(String setting, String value) {
        int keep = wholeNumber(setting, value);
        if (keep < 0) {
            throw new GraphVaultException(setting + " is " + keep + ": use 0 (keep all) or a positive number");
        }
        return keep;
    }

    @BindToRegistry
    public synchronized BackupHealth backupHealth(LocalBackupStore localBackupStore, S3BackupStore s3BackupStore) {
        if (health == null) {
            health = new BackupHealth(Clock.systemUTC(), backupMetrics(localBackupStore, s3BackupStore));
        }
        return health;
    }

    @BindToRegistry
    public synchronized BackupMetrics backupMetrics(LocalBackupStore localBackupStore, S3BackupStore s3BackupStore) {
        if (metrics == null) {
            metrics = new BackupMetrics(Clock.systemUTC(), localBackupStore, s3BackupStore);
        }
        return metrics;
    }
}
