package io.graphvault.app;

import io.graphvault.backup.BackupJob;
import io.graphvault.backup.BackupService;
import io.graphvault.internal.GraphVaultHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Called by the one route configuration when any route fails: throws away what a failed backup
 * wrote and logs one line, with the stack trace only under {@code --verbose} (which turns this
 * logger to DEBUG). The exception itself stays on the exchange for the caller.
 */
public final class FailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    private final BackupService backupService;

    public FailureHandler(BackupService backupService) {
        this.backupService = backupService;
    }

    public void onFailure(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BackupJob job = exchange.getProperty(GraphVaultHeaders.BACKUP_JOB, BackupJob.class);
        if (exchange.getProperty(GraphVaultHeaders.STORING) != null) {
            // One file of a backup failed in a route its store calls (an upload into S3): it is no
            // longer on its way. The backup route discards the backup and logs the failure once its
            // split has stopped; discarding here would wait for this very file to end, which it
            // only does once this handler returns.
            backupService.storeFailed(exchange);
            return;
        }
        if (job != null && !job.published()) {
            backupService.discard(job, e);
        }
        String reason = e == null ? "unknown error" : e.getMessage();
        if (LOG.isDebugEnabled()) { // --verbose
            LOG.warn("{} failed: {}", exchange.getFromRouteId(), reason, e);
        } else {
            LOG.warn("{} failed: {}", exchange.getFromRouteId(), reason);
        }
    }
}
