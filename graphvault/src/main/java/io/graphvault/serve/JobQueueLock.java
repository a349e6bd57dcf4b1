package io.graphvault.serve;

import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.storage.lock.JobLock;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

/**
 * Holds the backup folder's {@link JobLock} around each job of {@code serve}'s queue, so a job of
 * another process (a restore started by hand, a second {@code serve}) never runs at the same time.
 */
final class JobQueueLock {

    private final JobLock lock;

    public JobQueueLock(JobLock lock) {
        this.lock = lock;
    }

    public void acquire(@Body Job job, Exchange exchange) {
        exchange.setProperty(GraphVaultHeaders.JOB_LOCK, lock.acquire(job.describe()));
    }

    public void release(Exchange exchange) {
        JobLock.Held held = exchange.getProperty(GraphVaultHeaders.JOB_LOCK, JobLock.Held.class);
        if (held != null) {
            held.close();
            exchange.removeProperty(GraphVaultHeaders.JOB_LOCK);
        }
    }
}
