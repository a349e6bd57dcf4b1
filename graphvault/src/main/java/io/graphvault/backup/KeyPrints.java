package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A 32-bit print of the merge key each exported node was written with, by export id, so that a
 * relationship read later can tell whether its endpoint still has that key. Ids below 2^31 (a
 * node store of that size) take four bytes each in a temporary file mapped into memory: the
 * operating system pages it, so the heap stays flat at 100 million nodes (a 400 MB sparse file).
 * Ids above go to a map. 0 means "not recorded". See docs/consistency.md (moved nodes).
 */
final class KeyPrints implements Closeable {

    private static final int SEGMENT_SHIFT = 27; // 2^27 ids, 512 MiB of file, per mapping
    private static final int SEGMENT_IDS = 1 << SEGMENT_SHIFT;

    private final MappedByteBuffer[] segments = new MappedByteBuffer[(int) ((long) Integer.MAX_VALUE + 1 >> SEGMENT_SHIFT)];
    private final Map<Long, Integer> high = new HashMap<>();
    private Path file;
    private FileChannel channel;

    void put(long id, int print) {
        if (id >= 0 && id < Integer.MAX_VALUE) {
            segment(id).putInt((int) (id & (SEGMENT_IDS - 1)) * Integer.BYTES, print);
        } else {
            high.put(id, print);
        }
    }

    int get(long id) {
        if (id >= 0 && id < Integer.MAX_VALUE) {
            MappedByteBuffer s = segments[(int) (id >>> SEGMENT_SHIFT)];
            return s == null ? 0 : s.getInt((int) (id & (SEGMENT_IDS - 1)) * Integer.BYTES);
        }
        return high.getOrDefault(id, 0);
    }

    private MappedByteBuffer segment(long id) {
        int index = (int) (id >>> SEGMENT_SHIFT);
        if (segments[index] == null) {
            try {
                if (channel == null) {
                    file = Files.createTempFile("graphvault-keyprints-", ".bin");
                    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.DELETE_ON_CLOSE);
                }
                segments[index] = channel.map(FileChannel.MapMode.READ_WRITE, (long) index * SEGMENT_IDS * Integer.BYTES,
                        (long) SEGMENT_IDS * Integer.BYTES);
            } catch (IOException e) {
                throw new GraphVaultException("the backup keeps a print of each node's key in a temporary file (4 bytes a node)"
                        + " and could not write it in " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                        + "; give it room there, or point -Djava.io.tmpdir at a folder with room", e);
            }
        }
        return segments[index];
    }

    @Override
    public void close() {
        Arrays.fill(segments, null);
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
