package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.storage.s3.S3Replication.Result;
import io.graphvault.storage.s3.S3Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = "Push every completed local backup that the bucket does not hold yet to S3 (manifest last).")
final class ReplicateCommand extends CommandSupport implements Callable<Integer> {

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try (GraphVaultRuntime runtime = startRuntime(true)) {
            runtime.bean("s3Settings", S3Settings.class).validate();
            List<Result> results;
            try (JobLock.Held held = holdBackupFolder(runtime, "replication")) {
                results = runtime.request("direct:replicate", null, List.class);
            }
            if (results == null || results.isEmpty()) {
                out().println("no completed backups in " + runtime.property("backup.dir") + " to replicate");
                return 0;
            }
            for (Result r : results) {
                if (r.uploaded()) {
                    out().printf("replicated %s to %s: %d files, %,d bytes in %.1f s (%.1f MB/s)%n", r.id(), r.location(),
                            r.files(), r.bytes(), r.millis() / 1000.0, r.megabytesPerSecond());
                } else {
                    out().printf("%s is already in %s%n", r.id(), r.location());
                }
            }
            return 0;
        }
    }
}
