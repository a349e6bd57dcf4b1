package io.graphvault.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Holds one start node's relationships until the next start node comes, then hands them on
 * sorted by end node, type and id. A node with more relationships than {@code limit} (a batch,
 * and at least 10,000) is not held: it is left for the end, where the server reads it again
 * sorted ({@link #deferred()}), so memory stays bounded however large a node's degree, and the
 * hubs left for the end are few (at most one per that many relationships).
 */
final class StartNodeBuffer {
    private static final Comparator<RelationshipRow> ORDER = Comparator.comparingLong(RelationshipRow::end)
            .thenComparing(RelationshipRow::type)
            .thenComparingLong(RelationshipRow::id);

    private final int limit;
    private final Consumer<RelationshipRow> out;
    private final List<RelationshipRow> held = new ArrayList<>();
    private final Set<Long> deferred = new LinkedHashSet<>();
    private long start = Long.MIN_VALUE;
    private boolean skipping;

    StartNodeBuffer(int limit, Consumer<RelationshipRow> out) {
        this.limit = limit;
        this.out = out;
    }

    void add(RelationshipRow r) {
        long from = r.start();
        if (from != start) {
            flush();
            start = from;
            skipping = !deferred.isEmpty() && deferred.contains(from);
        }
        if (skipping) {
            return;
        }
        held.add(r);
        if (held.size() > limit) {
            deferred.add(from);
            held.clear();
            skipping = true;
        }
    }

    void flush() {
        if (held.size() > 1) {
            held.sort(ORDER);
        }
        held.forEach(out);
        held.clear();
    }

    /** The hubs, in ascending id as the scan met them. */
    Set<Long> deferred() {
        return deferred;
    }
}
