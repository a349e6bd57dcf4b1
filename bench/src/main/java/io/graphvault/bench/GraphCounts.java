package io.graphvault.bench;

import java.util.Locale;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** How many nodes and relationships a database holds: what a restore must match. */
record GraphCounts(long nodes, long relationships) {

    static GraphCounts of(BenchServer neo4j) {
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            return new GraphCounts(s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong(),
                    s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong());
        }
    }

    /** "counts ok" when this equals {@code expected}, else what there is: the check a step's row shows. */
    String check(GraphCounts expected) {
        return equals(expected) ? "counts ok" : String.format(Locale.ROOT, "%,d nodes, %,d rels", nodes, relationships);
    }
}
