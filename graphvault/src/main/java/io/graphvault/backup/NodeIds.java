package io.graphvault.backup;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the nodes read so far: one bit each, for ids below 2^31 (a node store of that size),
 * a set above; and how export ids are read from and turned back into element ids.
 */
final class NodeIds {
    final ExportIds elementIds;
    private final BitSet low = new BitSet();
    private final Set<Long> high = new HashSet<>();

    NodeIds(ExportIds elementIds) {
        this.elementIds = elementIds;
    }

    void add(long id) {
        if (id >= 0 && id < Integer.MAX_VALUE) {
            low.set((int) id);
        } else {
            high.add(id);
        }
    }

    boolean contains(long id) {
        return id >= 0 && id < Integer.MAX_VALUE ? low.get((int) id) : high.contains(id);
    }
}
