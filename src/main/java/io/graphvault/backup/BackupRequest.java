package io.graphvault.backup;

import java.util.List;

/**
 * What to back up and how. {@code name} may be null: the backup is then named by its UTC start time.
 */
public record BackupRequest(String name, boolean s3, List<String> excludedProperties, int batchSize) {

    public static final int DEFAULT_BATCH_SIZE = 10_000;

    public BackupRequest {
        excludedProperties = excludedProperties == null ? List.of() : List.copyOf(excludedProperties);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be a positive number, got " + batchSize);
        }
    }

    /** How a lock holder or a waiting job names this one: "backup" or "backup NAME". */
    public String describe() {
        return name == null ? "backup" : "backup " + name;
    }
}
