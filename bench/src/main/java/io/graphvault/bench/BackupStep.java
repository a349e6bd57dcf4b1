package io.graphvault.bench;

/**
 * One timed {@code backup --to both} of bench/incremental: its process (time, CPU, peak RSS), what it stored on
 * disk and in the bucket, and, for an incremental one, its parent and the JSON it wrote of what a full backup would
 * have (the manifest's {@code incremental}). {@code day} 0 is the graph as loaded; {@code churn} is what that day's
 * churn did (null for a full backup of a state an incremental one also has). {@code check}: the manifest's counts
 * against the source's, and an incremental one's parent against the one expected.
 */
record BackupStep(String id, int day, boolean incremental, String parent, double seconds, double cpuSeconds, long peakRssBytes,
        long localBytes, long bucketBytes, long jsonBytes, long fullJsonBytes, Churn.Counts churn, String check) {
}
