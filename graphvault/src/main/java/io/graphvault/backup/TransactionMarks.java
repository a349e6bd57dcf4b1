package io.graphvault.backup;

import java.util.UUID;
import org.neo4j.driver.QueryRunner;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether anything else ran on the database while a backup read it. Where the server tells its
 * last committed transaction id ({@code SHOW DATABASE … YIELD lastCommittedTxn}: Enterprise), the
 * backup compares it before and after: the count of transactions committed meanwhile. Where it
 * does not (Community answers null), the transactions' sequence numbers ({@code SHOW TRANSACTIONS}:
 * every user may see their own) tell how many transactions of any kind began on the database
 * between the backup's read and a query after it: none means none committed, so the backup is a
 * snapshot; some, read or write, means it may not be.
 *
 * <p>Sequence numbers are those of the server that answers, so they tell only of one server; a
 * cluster (Enterprise) tells its last committed transaction, which is read first, the highest of its
 * servers'. The contract: docs/consistency.md (snapshot or live).
 */
final class TransactionMarks {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionMarks.class);
    static final String COMMITTED = "committed transactions";
    static final String BEGUN = "transactions begun";

    /** Where the backup's read began: both marks, either may be null. */
    record Mark(Long committed, Long sequence) {
    }

    /** What ran meanwhile: {@code others} null when the server told neither mark. */
    record Span(String measure, Long others) {
        Boolean snapshot() {
            return others == null ? null : others == 0;
        }
    }

    private TransactionMarks() {
    }

    /**
     * Read in auto-commit transactions of the backup's session just before its read transaction
     * begins (a failed query inside that transaction would end it): the transaction numbered next
     * after this mark's is the backup's read.
     */
    static Mark mark(QueryRunner session, String database) {
        Long committed = lastCommitted(session, database);
        return new Mark(committed, ownSequence(session));
    }

    /** {@code after}: a session other than the read's, once the read is done. */
    static Span since(Mark start, QueryRunner after, String database) {
        Long sequence = ownSequence(after);
        Long committed = lastCommitted(after, database);
        if (start.committed() != null && committed != null) {
            return new Span(COMMITTED, committed - start.committed());
        }
        if (start.sequence() != null && sequence != null) {
            // the numbers between the two marks: the backup's read, then whatever else began
            return new Span(BEGUN, Math.max(0, sequence - start.sequence() - 2));
        }
        return new Span(null, null);
    }

    private static Long lastCommitted(QueryRunner runner, String database) {
        try {
            // a cluster answers with a row per server hosting the database: the highest is what was committed
            Value v = runner.run("SHOW DATABASE $db YIELD name, lastCommittedTxn RETURN max(lastCommittedTxn)",
                    Values.parameters("db", database)).single().get(0);
            return v.isNull() ? null : v.asLong();
        } catch (RuntimeException e) {
            LOG.debug("the server does not tell its last committed transaction: {}", e.getMessage());
            return null;
        }
    }

    /** This transaction's sequence number, found among the running ones by a mark only its own query text holds. */
    private static Long ownSequence(QueryRunner runner) {
        String mark = "graphvault-" + UUID.randomUUID();
        try {
            for (Record r : runner.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS '" + mark
                    + "' RETURN transactionId").list()) {
                String id = r.get(0).asString();
                return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
            }
        } catch (RuntimeException e) {
            LOG.debug("the server does not show this transaction's number: {}", e.getMessage());
        }
        return null;
    }
}
