package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.storage.retention.PruneDecision;
import io.graphvault.storage.retention.PruneRequest;
import io.graphvault.storage.retention.RetentionPolicy;
import io.graphvault.storage.s3.S3Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete the completed backups no keep rule holds (restic's forget rules, periods in UTC).",
            "The newest backup, partial ones and the last one that verifies always stay."})
final class PruneCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest backups.")
    int last;
    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest backup of each of the N latest hours that hold one.")
    int hourly;
    @Option(names = "--keep-daily", paramLabel = "N", description = "... of each of the N latest days.")
    int daily;
    @Option(names = "--keep-weekly", paramLabel = "N", description = "... of each of the N latest ISO weeks.")
    int weekly;
    @Option(names = "--keep-monthly", paramLabel = "N", description = "... of each of the N latest months.")
    int monthly;
    @Option(names = "--keep-yearly", paramLabel = "N", description = "... of each of the N latest years.")
    int yearly;
    @Option(names = "--s3", description = "Prune the backups in the S3 bucket (S3_BUCKET, S3_PREFIX) instead.")
    boolean s3;
    @Option(names = "--dry-run", description = "Print what would be kept and removed; remove nothing.")
    boolean dryRun;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        RetentionPolicy policy = policy();
        try (GraphVaultRuntime runtime = startRuntime(s3, "catalog")) {
            if (s3) {
                runtime.bean("s3Settings", S3Settings.class).validate();
            }
            String route = s3 ? "direct:prune-s3" : "direct:prune";
            List<PruneDecision> decisions;
            if (dryRun) { // removes nothing, so like the other dry runs it does not wait for the folder
                decisions = runtime.request(route, new PruneRequest(policy, true), List.class);
            } else {
                try (JobLock.Held held = holdBackupFolder(runtime, s3 ? "prune --s3" : "prune")) {
                    decisions = runtime.request(route, new PruneRequest(policy, false), List.class);
                }
            }
            if (decisions.isEmpty()) {
                out().println("no completed backups in " + (s3 ? runtime.bean("s3Settings", S3Settings.class).rootUri()
                        : runtime.property("backup.dir")));
                return 0;
            }
            decisions.forEach(d -> out().println(d));
            long removed = decisions.stream().filter(d -> !d.kept()).count();
            out().printf("%s %d of %d backups%s%n", dryRun ? "would remove" : "removed", removed, decisions.size(),
                    dryRun ? " (dry run: nothing was removed)" : "");
            return 0;
        }
    }

    /** No rule would remove every backup but the newest: a usage error (exit 2) instead. */
    private RetentionPolicy policy() {
        int[] counts = {last, hourly, daily, weekly, monthly, yearly};
        for (int n : counts) {
            if (n < 0) {
                throw new ParameterException(spec.commandLine(), "a --keep-* count must be 0 or more, not " + n);
            }
        }
        RetentionPolicy policy = new RetentionPolicy(last, hourly, daily, weekly, monthly, yearly);
        if (!policy.any()) {
            throw new ParameterException(spec.commandLine(),
                    "give at least one --keep-* rule: without one, prune would remove every backup but the newest");
        }
        return policy;
    }
}
