package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.backup.BackupJob;
import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.serve.ServeDefaults;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.storage.s3.ReplicationFailedException;
import io.graphvault.storage.s3.S3Settings;
import io.graphvault.storage.verify.BackupReader;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Take one backup now; prints its id, where it is and its counts.")
final class BackupCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--name", description = "Name the backup (letters, digits, '.', '_', '-'); default: the UTC start time.")
    String name;

    @Option(names = "--to", paramLabel = "local|s3|both", description = "Where the backup goes: the local folder (default),"
            + " the bucket only (straight from the database, nothing written locally), or both (local, then replicated).")
    String to;

    @Option(names = "--s3", description = "The same as --to both: replicate the backup to S3 once it is complete (manifest"
            + " last, retried while S3 is unreachable). If replication gives up, the local backup stays, is printed, and the"
            + " exit code is 1.")
    boolean s3;

    @Option(names = "--exclude-properties", split = ",", paramLabel = "KEY",
            description = "Leave these node property keys out (default: BACKUP_EXCLUDE_PROPERTIES, else nothing).")
    List<String> excludeProperties;

    @Option(names = "--incremental", description = "Store only the records that differ from the newest backup where this one"
            + " goes (its parent, named in the manifest); it still reads the whole graph, and restores alone as any backup"
            + " does, reading its parents too. Full when there is no backup yet.")
    boolean incremental;

    @Option(names = "--batch-size", paramLabel = "N", description = "Records per batch file (default: BACKUP_BATCH_SIZE, else 10000).")
    Integer batchSize;

    @Override
    public Integer call() {
        requirePositiveBatchSize(batchSize);
        if (name != null) {
            BackupIds.checkName(name); // before waiting for the backup folder, not after
        }
        BackupTarget target = target();
        try (GraphVaultRuntime runtime = startRuntime(target.usesS3(), "backup")) {
            // BACKUP_EXCLUDE_PROPERTIES and BACKUP_BATCH_SIZE unless given here, read and checked once for every trigger
            BackupRequest request = runtime.bean("serveDefaults", ServeDefaults.class).backup(name, target, excludeProperties, batchSize,
                    incremental);
            if (target.usesS3()) {
                runtime.bean("s3Settings", S3Settings.class).validate();
            }
            BackupJob job;
            try (JobLock.Held held = holdBackupFolderUnlessAbsent(runtime, request)) {
                job = runtime.request("direct:backup", request, BackupJob.class);
            } catch (GraphVaultException e) {
                // The local backup is complete: show it, then fail with the replication error (exit 1).
                if (GraphVaultException.find(e) instanceof ReplicationFailedException failed) {
                    print(failed.localDir().toString(), BackupReader.readManifest(new LocalBackupSource(failed.localDir())));
                    out().flush();
                    throw failed;
                }
                throw e;
            }
            print(job.location(), job.manifest());
            if (target == BackupTarget.BOTH) {
                out().printf("  offsite:       %s%n", runtime.bean("s3Settings", S3Settings.class).uri(job.id()));
            }
            return 0;
        }
    }

    /** --s3 is --to both; with --to it must agree. */
    private BackupTarget target() {
        if (to == null) {
            return s3 ? BackupTarget.BOTH : BackupTarget.LOCAL;
        }
        BackupTarget target;
        try {
            target = BackupTarget.parse("--to", to);
        } catch (GraphVaultException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (s3 && target != BackupTarget.BOTH) {
            throw new ParameterException(spec.commandLine(), "--s3 means --to both; it cannot go with --to " + target);
        }
        return target;
    }

    /**
     * A backup straight to S3 writes nothing to BACKUP_DIR: it waits for the folder's lock (and so
     * for a restore or backup of the same database) when the folder is there, and does not create
     * it on a machine without local backups.
     */
    private static JobLock.Held holdBackupFolderUnlessAbsent(GraphVaultRuntime runtime, BackupRequest request) {
        if (request.to() == BackupTarget.S3
                && !Files.isDirectory(runtime.bean("localBackupStore", LocalBackupStore.class).root())) {
            return null;
        }
        return holdBackupFolder(runtime, request.describe());
    }

    private void print(String dir, BackupManifest m) {
        out().printf("backup %s complete%n", m.id());
        out().printf("  path:          %s%n", dir);
        out().printf("  nodes:         %,d%n", m.counts().nodes());
        out().printf("  relationships: %,d%n", m.counts().relationships());
        out().printf("  files:         %d (%,d bytes)%n", m.files().size(), m.totalBytes());
        if (m.incremental() != null) {
            out().printf("  incremental:   on backup %s; %s of the JSON a full backup would write%n", m.parent(),
                    m.incremental().share());
        }
        if (m.encrypted()) {
            out().printf("  encrypted:     %s with key %s%n", m.encryption().algorithm(), m.encryption().keyId());
        }
        m.counts().excludedPropertyNodes().forEach((p, n) ->
                out().printf("  excluded:      '%s' left out of %,d nodes%n", p, n));
    }
}
