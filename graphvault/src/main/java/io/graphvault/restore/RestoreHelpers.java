package io.graphvault.restore;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.quote;

/**
 * The helper label, properties and indexes a restore uses while it runs, and nothing after it.
 * Nodes the backup's relationships cannot name by a key (keyless ones, and those merged on a key
 * the export did not record) carry the helper label and the export id, so relationships find them
 * through an index. On a database that already holds keyless nodes, each of them carries its
 * content fingerprint, so a keyless backup node claims one with exactly its labels and
 * properties instead of adding a duplicate. {@link #remove} takes all of it away again.
 */
final class RestoreHelpers {

    static final String LABEL = "_GraphVaultRestore";
    static final String ID = "_graphvault_id";
    static final String FP = "_graphvault_fp";
    static final String REL_ID = "_graphvault_rid";
    private static final String ID_INDEX = "graphvault_restore_id";
    private static final String FP_INDEX = "graphvault_restore_fp";
    /** Indexes a restore creates for --key where nothing else serves the key; helpers like the two above. */
    static final String KEY_INDEX_PREFIX = "graphvault_restore_key_";
    private static final int MARK_BATCH = 10_000;

    private RestoreHelpers() {
    }

    /** Creates the helper indexes and waits for them. */
    static void createIndexes(Session s) {
        s.run("CREATE INDEX " + quote(ID_INDEX) + " IF NOT EXISTS FOR (n:" + quote(LABEL) + ") ON (n." + quote(ID) + ")").consume();
        s.run("CREATE INDEX " + quote(FP_INDEX) + " IF NOT EXISTS FOR (n:" + quote(LABEL) + ") ON (n." + quote(FP) + ")").consume();
        s.run("CALL db.awaitIndex($name, 300)", Values.parameters("name", ID_INDEX)).consume();
        s.run("CALL db.awaitIndex($name, 300)", Values.parameters("name", FP_INDEX)).consume();
        BatchReceipts.createIndex(s);
    }

    /** Removes every helper label, property and index, in batches. */
    static void remove(Session s, boolean relationships) {
        s.run("MATCH (n:" + quote(LABEL) + ") CALL (n) { REMOVE n:" + quote(LABEL) + ", n." + quote(ID) + ", n." + quote(FP)
                + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        if (relationships) {
            s.run("MATCH ()-[r]->() WHERE r." + quote(REL_ID) + " IS NOT NULL CALL (r) { REMOVE r." + quote(REL_ID)
                    + " } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
        BatchReceipts.removeAll(s);
        s.run("DROP INDEX " + quote(ID_INDEX) + " IF EXISTS").consume();
        s.run("DROP INDEX " + quote(FP_INDEX) + " IF EXISTS").consume();
        for (String index : s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH $prefix RETURN name",
                Values.parameters("prefix", KEY_INDEX_PREFIX)).list(r -> r.get(0).asString())) {
            s.run("DROP INDEX " + quote(index) + " IF EXISTS").consume();
        }
    }

    /**
     * Gives every existing keyless node its content fingerprint, without the properties the backup
     * excluded, so keyless backup nodes can claim it; returns how many it marked. {@code reader}
     * streams the nodes while {@code writer} marks them.
     */
    static long markKeylessCandidates(Session reader, Session writer, NodeKeys mergeKeys, List<String> excluded) {
        long marked = 0;
        List<Map<String, Object>> batch = new ArrayList<>();
        Result result = reader.run("MATCH (n) WHERE NOT any(k IN $keys WHERE k[0] IN labels(n)"
                + " AND all(p IN k[1] WHERE n[p] IS NOT NULL)) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props",
                Values.parameters("keys", mergeKeys.asLists()));
        while (result.hasNext()) {
            Record r = result.next();
            Map<String, Value> props = without(excluded, r.get("props").asMap(v -> v));
            batch.add(Map.of("id", r.get("id").asString(), "fp", fingerprint(r.get("labels").asList(Value::asString), props)));
            if (batch.size() == MARK_BATCH) {
                marked += markBatch(writer, batch);
            }
        }
        return marked + markBatch(writer, batch);
    }

    private static long markBatch(Session s, List<Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        s.executeWriteWithoutResult(tx -> tx.run("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n:"
                + quote(LABEL) + ", n." + quote(FP) + " = row.fp", Values.parameters("rows", batch)).consume());
        int n = batch.size();
        batch.clear();
        return n;
    }

    /** {@code props} without the properties a backup left out of every node (it was taken with them excluded). */
    static Map<String, Value> without(List<String> excluded, Map<String, Value> props) {
        if (excluded.isEmpty()) {
            return props;
        }
        Map<String, Value> kept = new HashMap<>(props);
        kept.keySet().removeAll(excluded);
        return kept;
    }

    /** A property map read from a backup file as driver values, for the canonical texts of {@link GraphSnapshot}. */
    static Map<String, Value> values(Map<String, Object> props) {
        Map<String, Value> out = new HashMap<>();
        props.forEach((k, v) -> out.put(k, Values.value(v)));
        return out;
    }

    /**
     * The SHA-256 of {@link GraphSnapshot#node}'s text in UTF-8, streamed into the digest: as a String and then
     * its bytes (and the StringWriter growing to hold it), a node with a string of N characters took several times N
     * bytes more heap.
     */
    static String fingerprint(List<String> labels, Map<String, Value> props) {
        MessageDigest digest = Sha256.newDigest();
        try (Writer w = new OutputStreamWriter(new DigestOutputStream(OutputStream.nullOutputStream(), digest), StandardCharsets.UTF_8)) {
            GraphSnapshot.writeNode(w, labels, props);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to a digest only
        }
        return Sha256.hex(digest);
    }
}
