package io.graphvault.restore;

import io.graphvault.format.BackupSchema;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for indexes to come ONLINE after a restore created them. */
final class IndexWaits {

    private static final Logger LOG = LoggerFactory.getLogger(IndexWaits.class);
    private static final long ALL_SECONDS = 600;

    private IndexWaits() {
    }

    /**
     * Waits for the backup's indexes (and those behind its constraints) to come ONLINE; one that
     * does not fails the restore. The database's other indexes are not the restore's to wait for:
     * one of them still populating, or FAILED long before, is a note.
     */
    static void awaitIndexes(Session s, BackupSchema schema, RestoreTally tally) {
        List<String> ours = new ArrayList<>();
        schema.indexes().forEach(i -> ours.add(i.name()));
        schema.constraints().forEach(c -> ours.add(c.name()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ALL_SECONDS); // for all of them together
        for (String name : s.run("SHOW INDEXES YIELD name WHERE name IN $ours RETURN name", Values.parameters("ours", ours))
                .list(r -> r.get(0).asString())) {
            awaitIndex(s, name, (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
        }
        List<String> failed = new ArrayList<>();
        s.run("SHOW INDEXES YIELD name, state WHERE state <> 'ONLINE' RETURN name, state").forEachRemaining(r -> {
            String line = "index " + r.get("name").asString() + " is " + r.get("state").asString();
            if (ours.contains(r.get("name").asString())) {
                failed.add(line);
            } else {
                tally.note(line + " (not one of the backup's: the restore did not wait for it)");
            }
        });
        if (!failed.isEmpty()) {
            throw new GraphVaultException("indexes of the backup did not come ONLINE after the restore: " + String.join(", ", failed)
                    + ". The data is restored; the database's log says why an index failed. Drop it and run the restore"
                    + " again to create it anew");
        }
    }

    /**
     * Waits for one index. The procedure fails for an index that FAILED or is not ONLINE in time:
     * the state check after the waits reports those, with the others.
     */
    static void awaitIndex(Session s, String name, int seconds) {
        try {
            s.run("CALL db.awaitIndex($name, $seconds)", Values.parameters("name", name, "seconds", seconds)).consume();
        } catch (ClientException e) {
            if (!Neo4jErrors.hasCode(e, "Neo.ClientError.Procedure.ProcedureCallFailed")) {
                throw e;
            }
            LOG.debug("waiting for index {}: {}", name, e.getMessage());
        }
    }
}
