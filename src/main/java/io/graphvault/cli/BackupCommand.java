package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import io.graphvault.GraphVaultRuntime;
import io.graphvault.export.BackupJob;
import io.graphvault.export.BackupRequest;
import io.graphvault.format.BackupManifest;
import io.graphvault.serve.ServeDefaults;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.BackupReader;
import io.graphvault.storage.JobLock;
import io.graphvault.storage.LocalBackupSource;
import io.graphvault.storage.ReplicationFailedException;
import io.graphvault.storage.S3Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Take one backup now; prints its id, path and counts.")
final class BackupCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--name", description = "Name the backup (letters, digits, '.', '_', '-'); default: the UTC start time.")
    String name;

    @Option(names = "--s3", description = "Replicate the backup to S3 once it is complete (manifest last, retried while"
            + " S3 is unreachable). If replication gives up, the local backup stays, is printed, and the exit code is 1.")
    boolean s3;

    @Option(names = "--exclude-properties", split = ",", paramLabel = "KEY",
            description = "Leave these node property keys out (default: BACKUP_EXCLUDE_PROPERTIES, else nothing).")
    List<String> excludeProperties;

    @Option(names = "--batch-size", paramLabel = "N", description = "Records per batch file (default: BACKUP_BATCH_SIZE, else 10000).")
    Integer batchSize;

    @Override
    public Integer call() {
        requirePositiveBatchSize(batchSize);
        if (name != null) {
            BackupIds.checkName(name); // before waiting for the backup folder, not after
        }
        try (GraphVaultRuntime runtime = startRuntime(s3, "backup")) {
            // BACKUP_EXCLUDE_PROPERTIES and BACKUP_BATCH_SIZE unless given here, read and checked once for every trigger
            BackupRequest request = runtime.bean("serveDefaults", ServeDefaults.class).backup(name, s3, excludeProperties, batchSize);
            if (s3) {
                runtime.bean("s3Settings", S3Settings.class).validate();
            }
            BackupJob job;
            try (JobLock.Held held = holdBackupFolder(runtime, request.describe())) {
                job = runtime.request("direct:backup", request, BackupJob.class);
            } catch (GraphVaultException e) {
                // The local backup is complete: show it, then fail with the replication error (exit 1).
                if (GraphVaultException.find(e) instanceof ReplicationFailedException failed) {
                    print(failed.localDir(), BackupReader.readManifest(new LocalBackupSource(failed.localDir())));
                    out().flush();
                    throw failed;
                }
                throw e;
            }
            print(job.finalDir(), job.manifest());
            if (s3) {
                out().printf("  offsite:       %s%n", runtime.bean("s3Settings", S3Settings.class).uri(job.id()));
            }
            return 0;
        }
    }

    private void print(Path dir, BackupManifest m) {
        out().printf("backup %s complete%n", m.id());
        out().printf("  path:          %s%n", dir);
        out().printf("  nodes:         %,d%n", m.counts().nodes());
        out().printf("  relationships: %,d%n", m.counts().relationships());
        out().printf("  files:         %d (%,d bytes)%n", m.files().size(), m.totalBytes());
        if (m.encrypted()) {
            out().printf("  encrypted:     %s with key %s%n", m.encryption().algorithm(), m.encryption().keyId());
        }
        m.counts().excludedPropertyNodes().forEach((p, n) ->
                out().printf("  excluded:      '%s' left out of %,d nodes%n", p, n));
    }
}
