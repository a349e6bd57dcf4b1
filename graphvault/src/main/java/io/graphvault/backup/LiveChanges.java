package io.graphvault.backup;

import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema.NodeKey;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.Value;

/**
 * What a backup saw move while it read a database that was being written. Neo4j's read
 * transactions see what others commit meanwhile, so a relationship read after its endpoint's node
 * line can name that endpoint by another key than the line holds (the key was changed, a key label
 * added or removed), or end at a node created after the node pass (read at the end, as a late
 * node), or at one deleted before the backup could read it.
 *
 * <p>The backup decides: a node holds what its line says; an endpoint whose key differs from its
 * line's is <em>moved</em>, and the restore finds it by export id instead of by key; a relationship
 * whose endpoint was deleted before it could be read is <em>dropped</em>: it stays in its file
 * but is not part of the backup (its node and so the relationship itself were deleted during the
 * backup), and the counts leave it out. Both are listed in the manifest. The contract: docs/consistency.md.
 */
final class LiveChanges implements Closeable {

    static final int NOT_RECORDED = 0;
    static final int NO_KEY = 1;

    private final List<NodeKey> keys;
    private final IdTable prints = new IdTable("a print of each node's key", Integer.BYTES);
    private final Set<Long> moved = new TreeSet<>();
    /** Endpoints not exported when their relationship was read, with what those relationships saw. */
    private final Map<Long, Late> late = new TreeMap<>();
    private final Map<Long, String> dropped = new TreeMap<>();

    private static final class Late {
        int print;
        boolean unstable;
        final List<Relationship> relationships = new ArrayList<>(1);
    }

    private record Relationship(long id, String type) {
    }

    LiveChanges(List<NodeKey> keys) {
        this.keys = keys;
    }

    /** A node line was written with these labels and properties. */
    void nodeRead(long id, Value labels, Value props) {
        int print = nodePrint(labels, props);
        prints.put(id, print);
        Late l = late.get(id);
        if (l != null && (l.unstable || l.print != print)) {
            moved.add(id);
        }
    }

    /**
     * An endpoint of relationship {@code rel} as it was read: {@code key} is the exporter's
     * {@code [i, value]} or null. {@code exported}: its node line is written already.
     */
    void endpointRead(long node, Value key, boolean exported, long rel, String type) {
        int print = key.isNull() ? NO_KEY : print(key.get(0).asInt(), key.get(1));
        if (exported) {
            if ((int) prints.get(node) != print) {
                moved.add(node);
            }
            return;
        }
        Late l = late.computeIfAbsent(node, n -> {
            Late created = new Late();
            created.print = print;
            return created;
        });
        l.unstable |= l.print != print;
        l.relationships.add(new Relationship(rel, type));
    }

    /** The ids of the endpoints that had no node line when their relationship was read. */
    List<Long> lateIds() {
        return List.copyOf(late.keySet());
    }

    /**
     * After the late nodes were read: those never exported were deleted before the backup could
     * read them, and their relationships are dropped, taken out of {@code counts}.
     */
    void dropRelationshipsOfDeleted(NodeIds exported, ExportCounts counts) {
        late.forEach((node, l) -> {
            if (!exported.contains(node)) {
                for (Relationship r : l.relationships) {
                    if (dropped.putIfAbsent(r.id(), r.type()) == null) {
                        counts.dropRelationship(r.type());
                    }
                }
            }
        });
    }

    long lateNodes() {
        return late.size();
    }

    BackupManifest.Consistency consistency(TransactionMarks.Span span) {
        return new BackupManifest.Consistency(span.snapshot(), span.measure(), span.others(), moved.size(), late.size(),
                dropped.size(), List.copyOf(moved), List.copyOf(dropped.keySet()));
    }

    private int nodePrint(Value labels, Value props) {
        for (int i = 0; i < keys.size(); i++) {
            NodeKey k = keys.get(i);
            if (hasLabel(labels, k.label())) {
                Value v = props.get(k.property());
                if (!v.isNull()) {
                    return print(i, v);
                }
            }
        }
        return NO_KEY;
    }

    private static boolean hasLabel(Value labels, String label) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).asString().equals(label)) {
                return true;
            }
        }
        return false;
    }

    /** FNV-1a over the key's index and its value's text (which tells 1 from 1.0 and "1"), folded to 32 bits. */
    static int print(int keyIndex, Value value) {
        String text = value.toString();
        long h = 0xcbf29ce484222325L ^ keyIndex;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        int folded = (int) (h ^ (h >>> 32));
        return folded == NOT_RECORDED || folded == NO_KEY ? 2 : folded;
    }

    @Override
    public void close() {
        prints.close();
    }
}
