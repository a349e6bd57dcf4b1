package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A number for each export id, 4 or 8 bytes wide: the 32-bit print of the merge key each exported node was
 * written with ({@link LiveChanges}, docs/consistency.md), or the 64-bit hash of each record of an incremental
 * backup's parent ({@link RecordDelta}). Ids below 2^31 (a store of that size) take their width in a temporary
 * file mapped into memory: the operating system pages it, so the heap stays flat at 100 million records (a 400
 * or 800 MB sparse file). Ids above go to a map. 0 means "not recorded".
 */
final class IdTable implements Closeable {

    private static final int SEGMENT_SHIFT = 27; // 2^27 ids per mapping

    private final String purpose;
    private final int width;
    private final long segmentBytes;
    private final AtomicReferenceArray<MappedByteBuffer> segments =
            new AtomicReferenceArray<>((int) ((long) Integer.MAX_VALUE + 1 >> SEGMENT_SHIFT));
    private final Map<Long, Long> high = new HashMap<>();
    private Path file;
    private FileChannel channel;

    /** {@code purpose}: what it keeps, for the message when the temporary folder has no room; {@code width}: 4 or 8. */
    IdTable(String purpose, int width) {
        this.purpose = purpose;
        this.width = width;
        this.segmentBytes = (long) width << SEGMENT_SHIFT;
    }

    /** Safe from several threads for distinct ids; {@link #get} only once every put is done. */
    void put(long id, long value) {
        if (id >= 0 && id < Integer.MAX_VALUE) {
            int at = offset(id);
            if (width == Integer.BYTES) {
                segment(id).putInt(at, (int) value);
            } else {
                segment(id).putLong(at, value);
            }
        } else {
            synchronized (high) {
                high.put(id, value);
            }
        }
    }

    long get(long id) {
        if (id >= 0 && id < Integer.MAX_VALUE) {
            MappedByteBuffer s = segments.get((int) (id >>> SEGMENT_SHIFT));
            if (s == null) {
                return 0;
            }
            return width == Integer.BYTES ? s.getInt(offset(id)) : s.getLong(offset(id));
        }
        return high.getOrDefault(id, 0L);
    }

    private int offset(long id) {
        return (int) (id & ((1 << SEGMENT_SHIFT) - 1)) * width;
    }

    private MappedByteBuffer segment(long id) {
        MappedByteBuffer s = segments.get((int) (id >>> SEGMENT_SHIFT));
        return s != null ? s : map(id);
    }

    private synchronized MappedByteBuffer map(long id) {
        int index = (int) (id >>> SEGMENT_SHIFT);
        if (segments.get(index) == null) {
            try {
                if (channel == null) {
                    file = Files.createTempFile("graphvault-ids-", ".bin");
                    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.DELETE_ON_CLOSE);
                }
                segments.set(index, channel.map(FileChannel.MapMode.READ_WRITE, index * segmentBytes, segmentBytes));
            } catch (IOException e) {
                throw new GraphVaultException("the backup keeps " + purpose + " in a temporary file (" + width + " bytes a record)"
                        + " and could not write it in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                        + "; give it room there, or point -Djava.io.tmpdir at a folder with room", e);
            }
        }
        return segments.get(index);
    }

    @Override
    public void close() {
        for (int i = 0; i < segments.length(); i++) {
            segments.set(i, null);
        }
        high.clear();
        if (channel != null) {
            try {
                channel.close(); // deletes the file; the mappings go when they are collected
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }
}
