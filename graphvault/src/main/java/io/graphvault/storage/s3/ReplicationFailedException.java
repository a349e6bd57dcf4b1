package io.graphvault.storage.s3;

import io.graphvault.internal.GraphVaultException;
import java.nio.file.Path;

/** Replication of a completed local backup gave up; the local backup is intact and stays. */
public final class ReplicationFailedException extends GraphVaultException {

    private static final long serialVersionUID = 1L;

    private final transient Path localDir;

    public ReplicationFailedException(String message, Path localDir, Throwable cause) {
        super(message, cause);
        this.localDir = localDir;
    }

    public Path localDir() {
        return localDir;
    }
}
