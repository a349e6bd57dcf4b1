package io.graphvault.backup;

import io.graphvault.format.BatchFileToRead;

/**
 * How big a batch file may grow: {@code records} lines (BACKUP_BATCH_SIZE) and about {@code bytes}
 * of JSON before gzip (BACKUP_BATCH_BYTES), whichever comes first. A batch of 10,000 nodes with
 * 1536-float embeddings is hundreds of MB of JSON: the byte bound keeps each batch, and the heap
 * that holds a few of them in flight, small. A single record larger than the bound is a batch of one.
 * The bytes are those of the encoded lines ({@link JsonLines}), not an estimate. No line may be longer
 * than {@code maxRecordBytes} (RESTORE_MAX_RECORD_BYTES): verify and every restore would refuse it.
 */
record BatchFileLimits(int records, long bytes, int maxRecordBytes) {

    BatchFileLimits(int records, long bytes) {
        this(records, bytes, BatchFileToRead.DEFAULT_MAX_RECORD_BYTES);
    }

    BatchFileLimits {
        if (records <= 0) {
            throw new IllegalArgumentException("batch size must be a positive number, got " + records);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("batch bytes must be a positive number, got " + bytes);
        }
    }

    /** Whether a batch of {@code count} lines may take one more. */
    boolean roomFor(int count) {
        return count < records;
    }

    /** Whether the line that made a batch {@code count} lines and {@code size} bytes takes it over the byte bound, and is not its only line. */
    boolean overflows(int count, long size) {
        return count > 1 && size > bytes;
    }
}
