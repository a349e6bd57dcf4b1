package io.graphvault.serve;

import io.graphvault.backup.BackupRequest;
import io.graphvault.restore.RestoreRequest;

/**
 * A job on serve's queue. Each kind says which route runs it and what its failure counts as, so the
 * queue's consumer tests no class names, and a new kind does not compile until it says both.
 */
public sealed interface Job {

    /** The endpoint of the route that runs the job (routes/serve.camel.yaml). */
    String route();

    /** What holds the backup folder's lock while the job runs. */
    String describe();

    /** Records in the metrics that the job did not succeed. */
    void failed(BackupMetrics metrics);

    record Backup(BackupRequest request) implements Job {

        @Override
        public String route() {
            return "direct:serve-backup";
        }

        @Override
        public String describe() {
            return request.describe();
        }

        @Override
        public void failed(BackupMetrics metrics) {
            metrics.backupFailed();
        }
    }

    record Restore(RestoreRequest request) implements Job {

        @Override
        public String route() {
            return "direct:serve-restore";
        }

        @Override
        public String describe() {
            return request.describe();
        }

        @Override
        public void failed(BackupMetrics metrics) {
            metrics.restoreFailed();
        }
    }

    /** Pushes completed backups that S3 does not hold yet (the offsite sweep). */
    record Replicate() implements Job {

        @Override
        public String route() {
            return "direct:serve-replicate";
        }

        @Override
        public String describe() {
            return "replication";
        }

        @Override
        public void failed(BackupMetrics metrics) {
            // the sweep logs its failure and runs again; the backups it pushes were counted when taken
        }
    }

    /** Restores the newest backup into the scratch database and compares (NEO4J_DRILL_URI; the drill in app/). */
    record Drill() implements Job {

        @Override
        public String route() {
            return "direct:serve-drill";
        }

        @Override
        public String describe() {
            return "restore drill";
        }

        @Override
        public void failed(BackupMetrics metrics) {
            metrics.drillFailed();
        }
    }
}
