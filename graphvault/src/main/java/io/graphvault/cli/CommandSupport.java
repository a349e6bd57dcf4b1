package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.storage.lock.JobLock;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command shares: the root's configuration overrides and the output streams. */
abstract class CommandSupport {

    @ParentCommand
    GraphVaultCli root;

    @Spec
    CommandSpec spec;

    /**
     * Starts GraphVault with the route files this command calls, and the replication routes when
     * it talks to S3 (see {@link GraphVaultRuntime#start(java.util.Map, String...)}).
     */
    GraphVaultRuntime startRuntime(boolean s3, String... routes) {
        List<String> names = new ArrayList<>(List.of(routes));
        if (s3) {
            names.add("replication");
        }
        return GraphVaultRuntime.start(root.overrides, names.toArray(String[]::new));
    }

    /** --batch-size must be positive: a usage error (exit 2) otherwise, before anything starts. */
    void requirePositiveBatchSize(Integer batchSize) {
        if (batchSize != null && batchSize <= 0) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be a positive number, not " + batchSize);
        }
    }

    /** Waits for, then holds, BACKUP_DIR for this job: no other job of any process runs alongside it. */
    static JobLock.Held holdBackupFolder(GraphVaultRuntime runtime, String job) {
        return runtime.bean("jobLock", JobLock.class).acquire(job);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
