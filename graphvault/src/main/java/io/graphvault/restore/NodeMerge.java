package io.graphvault.restore;

import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.restore.NodeKeys.MergeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.labelExpression;
import static io.graphvault.internal.CypherNames.quote;

/**
 * Writes one batch of nodes in one transaction, with MERGE semantics. Keyed nodes are merged on
 * their key (one property, or several for a label unique only on several together); a replay
 * writes only what differs. Keyless nodes are created with the helper label and id
 * ({@link RestoreHelpers}); on a database that already holds keyless nodes each first claims an
 * existing node with exactly its labels and properties, so nothing is duplicated.
 */
final class NodeMerge {

    /** One node to write: its export id, labels and properties, the key the export recorded (or null) and the key it merges on (or null). */
    record NodeRow(long id, List<String> labels, Map<String, Object> props, NodeKey exportKey, MergeKey mergeKey) {
    }

    private NodeMerge() {
    }

    /** {@code claim}: keyless rows claim existing keyless nodes of the same content before any is created. */
    static void write(TransactionContext tx, List<NodeRow> rows, boolean claim) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        List<NodeRow> keyless = new ArrayList<>();
        for (NodeRow row : rows) {
            if (row.mergeKey() == null) {
                keyless.add(row);
                continue;
            }
            Map<String, Object> p = new HashMap<>();
            List<Object> key = new ArrayList<>(row.mergeKey().properties().size());
            row.mergeKey().properties().forEach(property -> key.add(row.props().get(property)));
            p.put("key", key);
            p.put("props", row.props());
            p.put("id", row.id());
            groups.computeIfAbsent(mergeQuery(row), q -> new ArrayList<>()).add(p);
        }
        groups.forEach((query, params) -> tx.run(query, Values.parameters("rows", params)).consume());
        if (!keyless.isEmpty()) {
            writeKeyless(tx, keyless, claim);
        }
    }

    private static String mergeQuery(NodeRow row) {
        MergeKey key = row.mergeKey();
        Set<String> others = new TreeSet<>(row.labels());
        others.remove(key.label());
        StringBuilder q = new StringBuilder("UNWIND $rows AS row MERGE (n:").append(quote(key.label())).append(" {");
        for (int i = 0; i < key.properties().size(); i++) {
            q.append(i == 0 ? "" : ", ").append(quote(key.properties().get(i))).append(": row.key[").append(i).append(']');
        }
        q.append("})");
        if (row.exportKey() != null) {
            // a replay writes only what differs: an unchanged node costs a read, not a write. Cypher's =
            // holds between 1 and 1.0 (and [1] and [1.0]): a value whose type changed differs too
            q.append(" WITH n, row WHERE any(p IN keys(row.props) WHERE n[p] IS NULL OR NOT n[p] = row.props[p]"
                    + " OR valueType(n[p]) <> valueType(row.props[p]))");
            if (!others.isEmpty()) {
                q.append(" OR NOT n").append(labelExpression(others));
            }
        }
        q.append(" SET n += row.props");
        if (!others.isEmpty()) {
            q.append(" SET n").append(labelExpression(others));
        }
        if (row.exportKey() == null) {
            // the backup's relationships name this node by its export id: give it the helper id
            q.append(" SET n:").append(quote(RestoreHelpers.LABEL)).append(", n.").append(quote(RestoreHelpers.ID)).append(" = row.id");
        }
        return q.toString();
    }

    private static void writeKeyless(TransactionContext tx, List<NodeRow> rows, boolean claim) {
        List<NodeRow> toCreate = rows;
        if (claim) {
            toCreate = claimKeyless(tx, rows);
        }
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (NodeRow row : toCreate) {
            String query = "UNWIND $rows AS row CREATE (n" + labelExpression(new TreeSet<>(row.labels())) + ":"
                    + quote(RestoreHelpers.LABEL) + " {" + quote(RestoreHelpers.ID) + ": row.id}) SET n += row.props";
            groups.computeIfAbsent(query, q -> new ArrayList<>()).add(Map.of("id", row.id(), "props", row.props()));
        }
        groups.forEach((query, params) -> tx.run(query, Values.parameters("rows", params)).consume());
    }

    /** Matches keyless rows to unclaimed existing nodes with the same content; returns the rows left to create. */
    private static List<NodeRow> claimKeyless(TransactionContext tx, List<NodeRow> rows) {
        Map<String, List<NodeRow>> byFingerprint = new LinkedHashMap<>();
        for (NodeRow row : rows) {
            byFingerprint.computeIfAbsent(RestoreHelpers.fingerprint(row.labels(), RestoreHelpers.values(row.props())), f -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> wanted = new ArrayList<>();
        byFingerprint.forEach((fp, list) -> wanted.add(Map.of("fp", fp, "n", (long) list.size())));
        List<Map<String, Object>> claims = new ArrayList<>();
        tx.run("UNWIND $wanted AS w MATCH (c:" + quote(RestoreHelpers.LABEL) + " {" + quote(RestoreHelpers.FP) + ": w.fp}) WHERE c."
                + quote(RestoreHelpers.ID) + " IS NULL WITH w, collect(elementId(c))[..w.n] AS ids RETURN w.fp AS fp, ids",
                Values.parameters("wanted", wanted)).forEachRemaining(r -> {
                    List<NodeRow> list = byFingerprint.get(r.get("fp").asString());
                    List<Object> ids = r.get("ids").asList(Value::asObject);
                    for (int i = 0; i < ids.size(); i++) {
                        claims.add(Map.of("node", ids.get(i), "id", list.get(0).id()));
                        list.remove(0);
                    }
                });
        if (!claims.isEmpty()) {
            tx.run("UNWIND $claims AS c MATCH (n) WHERE elementId(n) = c.node SET n." + quote(RestoreHelpers.ID) + " = c.id",
                    Values.parameters("claims", claims)).consume();
        }
        List<NodeRow> left = new ArrayList<>();
        byFingerprint.values().forEach(left::addAll);
        return left;
    }

}
