package io.graphvault.restore;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.quote;

/**
 * Makes each batch's write happen once, although the driver may run a transaction function twice:
 * when the connection drops after the server committed a batch but before the client heard so, the
 * driver runs the function again, and a batch of CREATEs (keyless nodes, relationships into an empty
 * database) would be written a second time. Each batch's transaction therefore also writes a receipt,
 * a helper node named by the batch; a retry that finds its receipt knows the batch is in the database,
 * writes nothing and reads back what the batch came to. Receipts go with the other helpers
 * ({@link RestoreHelpers#remove}) and are never counted as the database's nodes.
 */
final class BatchReceipts {

    static final String LABEL = "_GraphVaultRestoreBatch";
    private static final String KEY = "_graphvault_batch";
    private static final String INDEX = "graphvault_restore_batch";

    private BatchReceipts() {
    }

    /** A batch's name: its kind and the export ids of its first and last row, and how many rows it holds (ids are unique per kind). */
    static <T> String name(String kind, List<T> rows, ToLongFunction<T> id) {
        return kind + ":" + id.applyAsLong(rows.get(0)) + ":" + id.applyAsLong(rows.get(rows.size() - 1)) + ":" + rows.size();
    }

    /** What the batch came to, as its receipt recorded it, or null when it was not written yet. */
    static Map<String, Value> find(TransactionContext tx, String batch) {
        List<Record> found = tx.run("MATCH (b:" + quote(LABEL) + " {" + quote(KEY) + ": $batch}) RETURN properties(b) AS outcome",
                Values.parameters("batch", batch)).list();
        return found.isEmpty() ? null : found.get(0).get(0).asMap(v -> v);
    }

    /** In the batch's own transaction, after its writes: {@code outcome} holds what a retry reads back. */
    static void write(TransactionContext tx, String batch, Map<String, Object> outcome) {
        tx.run("CREATE (b:" + quote(LABEL) + " {" + quote(KEY) + ": $batch}) SET b += $outcome",
                Values.parameters("batch", batch, "outcome", outcome)).consume();
    }

    static void createIndex(Session s) {
        s.run("CREATE INDEX " + quote(INDEX) + " IF NOT EXISTS FOR (b:" + quote(LABEL) + ") ON (b." + quote(KEY) + ")").consume();
        s.run("CALL db.awaitIndex($name, 300)", Values.parameters("name", INDEX)).consume();
    }

    /** Deletes every receipt (in batches) and their index. */
    static void removeAll(Session s) {
        s.run("MATCH (b:" + quote(LABEL) + ") CALL (b) { DELETE b } IN TRANSACTIONS OF 10000 ROWS").consume();
        s.run("DROP INDEX " + quote(INDEX) + " IF EXISTS").consume();
    }
}
