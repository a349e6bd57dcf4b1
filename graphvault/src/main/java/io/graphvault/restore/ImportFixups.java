package io.graphvault.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.graphvault.format.BackupJson;
import io.graphvault.format.TypedValueReader;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jErrors;
import io.graphvault.internal.Neo4jSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * The first step of {@code restore --schema-only} on a database that {@code neo4j-admin database import} filled from
 * {@code graphvault prepare-import}'s files: the values the importer cannot carry exactly (an empty list, a list of one
 * empty string, a key whose name its header cannot hold, ...) travelled as the backup wrote them, in one string
 * property, {@link #KEY}, of their node or relationship. This sets them and removes that property.
 */
public final class ImportFixups {

    /** The property that carries them: a name the importer's header can hold, which a backup is refused for using. */
    public static final String KEY = "graphvault.import.fixup";
    private static final int BATCH = 1_000;

    private final Driver driver;
    private final Neo4jSettings neo4j;

    public ImportFixups(Driver driver, Neo4jSettings neo4j) {
        this.driver = driver;
        this.neo4j = neo4j;
    }

    public RestoreJob apply(RestoreJob job) {
        try {
            long nodes = apply("MATCH (n) WHERE n.`" + KEY + "` IS NOT NULL RETURN elementId(n) AS id, n.`" + KEY + "` AS f",
                    "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n += row.props REMOVE n.`" + KEY + "`");
            long relationships = apply("MATCH ()-[r]->() WHERE r.`" + KEY + "` IS NOT NULL RETURN elementId(r) AS id, r.`" + KEY + "` AS f",
                    "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id SET r += row.props REMOVE r.`" + KEY + "`");
            if (nodes + relationships > 0) {
                job.tally().note("set the values the importer could not carry on " + nodes + " nodes and " + relationships
                        + " relationships");
            }
        } catch (Neo4jException e) {
            throw Neo4jErrors.explain("setting the values the importer could not carry", neo4j, e);
        }
        return job;
    }

    /** Reads the fix-ups in one session and writes them, a batch at a time, in another. */
    private long apply(String read, String write) {
        long done = 0;
        try (Session reading = session(); Session writing = session()) {
            Result found = reading.run(read);
            List<Map<String, Object>> rows = new ArrayList<>(BATCH);
            while (found.hasNext()) {
                Record r = found.next();
                rows.add(Map.of("id", r.get("id").asString(), "props", props(r.get("f").asString(), r.get("id").asString())));
                if (rows.size() == BATCH) {
                    done += write(writing, write, rows);
                }
            }
            done += write(writing, write, rows);
        }
        return done;
    }

    private static long write(Session session, String query, List<Map<String, Object>> rows) {
        int n = rows.size();
        if (n > 0) {
            session.executeWriteWithoutResult(tx -> tx.run(query, Map.of("rows", rows)).consume());
            rows.clear();
        }
        return n;
    }

    private static Map<String, Object> props(String json, String elementId) {
        try {
            return TypedValueReader.readProperties(BackupJson.MAPPER.readTree(json));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new GraphVaultException("the element " + elementId + " holds a " + KEY + " property that is not what"
                    + " prepare-import writes (" + e.getMessage() + "): was this database filled from other files?", e);
        }
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(neo4j.database()));
    }
}
