package io.graphvault.serve;

import static io.graphvault.internal.SettingValues.wholeNumber;

import io.graphvault.GraphVaultException;
import io.graphvault.storage.JobLock;
import io.graphvault.storage.LocalBackupStore;
import io.graphvault.storage.S3BackupStore;
import io.graphvault.storage.S3Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/** The beans of {@code serve}'s routes: trigger defaults, inbox reader, retention, health and metrics. */
@Configuration
public class ServeConfiguration implements CamelConfiguration {

    @PropertyInject(value = "backup.inbox", defaultValue = "inbox")
    String inbox;
    @PropertyInject(value = "backup.keep-last", defaultValue = "0")
    String keepLast;
    @PropertyInject(value = "backup.exclude-properties", defaultValue = "")
    String excludeProperties;
    @PropertyInject(value = "backup.batch-size", defaultValue = "10000")
    String batchSize;

    private BackupHealth health;
    private BackupMetrics metrics;

    @BindToRegistry
    public ServeDefaults serveDefaults(S3Settings s3Settings) {
        int size = wholeNumber("BACKUP_BATCH_SIZE", batchSize);
        if (size <= 0) {
            throw new GraphVaultException("BACKUP_BATCH_SIZE is " + size + ": use a positive number");
        }
        return new ServeDefaults(Arrays.stream(excludeProperties.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                size, s3Settings.configured());
    }

    @BindToRegistry
    public JobQueueLock jobQueueLock(JobLock jobLock) {
        return new JobQueueLock(jobLock);
    }

    @BindToRegistry
    public InboxTriggers inboxTriggers(S3Settings s3Settings, LocalBackupStore localBackupStore) {
        return new InboxTriggers(serveDefaults(s3Settings), s3Settings, localBackupStore.root(), Path.of(inbox));
    }

    @BindToRegistry
    public Retention retention(LocalBackupStore localBackupStore, S3BackupStore s3BackupStore) {
        int keep = wholeNumber("BACKUP_KEEP_LAST", keepLast);
        if (keep < 0) {
            throw new GraphVaultException("BACKUP_KEEP_LAST is " + keep + ": use 0 (keep all) or a positive number");
        }
        return new Retention(localBackupStore, keep, s3BackupStore);
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
