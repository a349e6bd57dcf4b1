package io.graphvault.status;

import io.graphvault.internal.CypherNames;
import io.graphvault.internal.Neo4jErrors;
import io.graphvault.internal.Neo4jSettings;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/** Live database counts: what the old verification snippet printed, and more. */
public final class GraphStatus {

    private final Driver driver;
    private final Neo4jSettings neo4j;

    public GraphStatus(Driver driver, Neo4jSettings neo4j) {
        this.driver = driver;
        this.neo4j = neo4j;
    }

    /** Counts of a live database. */
    public record Counts(long nodes, long relationships, Map<String, Long> labels, Map<String, Long> types,
            long nodesWithEmbedding) {
    }

    public Counts read() {
        try (Session session = driver.session(SessionConfig.builder().withDatabase(neo4j.database())
                .withDefaultAccessMode(AccessMode.READ).build())) {
            long nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
            long rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
            Map<String, Long> labels = new TreeMap<>();
            for (String label : session.run("CALL db.labels() YIELD label RETURN label").list(r -> r.get(0).asString())) {
                labels.put(label, session.run("MATCH (n" + CypherNames.labelExpression(java.util.List.of(label))
                        + ") RETURN count(n) AS c").single().get("c").asLong());
            }
            Map<String, Long> types = new TreeMap<>();
            for (String type : session.run("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")
                    .list(r -> r.get(0).asString())) {
                types.put(type, session.run("MATCH ()-[r:" + CypherNames.quote(type) + "]->() RETURN count(r) AS c")
                        .single().get("c").asLong());
            }
            long embeddings = session.run("MATCH (n) WHERE n.embedding IS NOT NULL RETURN count(n) AS c")
                    .single().get("c").asLong();
            labels.values().removeIf(c -> c == 0);
            types.values().removeIf(c -> c == 0);
            return new Counts(nodes, rels, labels, types, embeddings);
        } catch (RuntimeException e) {
            throw Neo4jErrors.explain("status", neo4j, e);
        }
    }
}
