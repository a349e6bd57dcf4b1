package io.graphvault.storage.retention;

/** What the {@code prune} command asks of a store: its rules, and whether to only say what it would do. */
public record PruneRequest(RetentionPolicy policy, boolean dryRun) {
}
