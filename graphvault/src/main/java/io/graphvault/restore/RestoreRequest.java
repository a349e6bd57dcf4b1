package io.graphvault.restore;

import java.util.Map;

/**
 * What to restore and how.
 *
 * @param from a backup folder, a backup id in BACKUP_DIR, a legacy (Python script) folder, or s3://bucket/prefix/ID
 * @param clearFirst delete everything in the database first (needs {@code confirmed})
 * @param confirmed the user said yes to clearing (--yes, or "yes" at the prompt)
 * @param safetyBackup before clearing, back up what is about to be deleted
 * @param keys extra or overriding merge keys, label to property
 * @param dryRun read and verify everything, report what would be written, write nothing
 * @param batchSize records per write transaction
 * @param labelMap for a folder of the old Python scripts: node file name (with or without {@code _nodes.json})
 *     to the label's spelling, for a label that neither backup_summary.json nor relationships.json names
 * @param schemaOnly write no data: complete a database that {@code neo4j-admin database import} filled from
 *     {@code prepare-import}'s files (the values the importer could not carry, every constraint and index)
 */
public record RestoreRequest(String from, boolean clearFirst, boolean confirmed, boolean safetyBackup,
        Map<String, String> keys, boolean dryRun, int batchSize, Map<String, String> labelMap, boolean schemaOnly) {

    public RestoreRequest {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        labelMap = labelMap == null ? Map.of() : Map.copyOf(labelMap);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be a positive number, got " + batchSize);
        }
    }

    /** A request without a label map (any backup but a legacy folder that needs one). */
    public RestoreRequest(String from, boolean clearFirst, boolean confirmed, boolean safetyBackup, Map<String, String> keys,
            boolean dryRun, int batchSize) {
        this(from, clearFirst, confirmed, safetyBackup, keys, dryRun, batchSize, Map.of(), false);
    }

    /** How a lock holder or a waiting job names this one. */
    public String describe() {
        return "restore from " + from;
    }

    /** A plain restore of {@code from} with default options. */
    public static RestoreRequest of(String from) {
        return new RestoreRequest(from, false, false, true, Map.of(), false, 10_000);
    }
}
