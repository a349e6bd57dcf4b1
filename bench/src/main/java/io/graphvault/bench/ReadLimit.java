package io.graphvault.bench;

import io.graphvault.backup.GraphExporter;
import io.graphvault.backup.SchemaReader;
import java.util.Map;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;

/**
 * The read limit: the Java driver streams every node and relationship, with the properties a
 * backup needs, in one READ transaction and throws them away. No backup can read faster. With
 * {@code keys} as second argument the relationships come from the backup's own query, with each
 * endpoint's merge key (docs/format.md): what the backup format itself costs the server.
 * Only the read is timed (the read limit of bench/README.md): JVM start, connecting and, with {@code keys},
 * reading the schema are not. Prints {@code timed: <seconds>}, which the bench takes as the step's time.
 */
final class ReadLimit {

    private ReadLimit() {
    }

    public static void main(String[] args) {
        int fetchSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean withKeys = args.length > 1 && args[1].equals("keys");
        SessionConfig config = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).withFetchSize(fetchSize).build();
        long records = 0;
        try (Driver driver = BenchDriver.fromEnvironment(); Session session = driver.session(config)) {
            String relationships = withKeys ? GraphExporter.relationshipQuery(SchemaReader.read(session).keys())
                    : "MATCH (a)-[r]->(b) RETURN id(r) AS id, type(r) AS type, id(a) AS start, id(b) AS end, properties(r) AS props";
            driver.verifyConnectivity();
            long start = System.nanoTime();
            try (Transaction tx = session.beginTransaction()) {
                records += drain(tx.run("MATCH (n) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props"));
                records += drain(tx.run(relationships, Map.of()));
                tx.commit();
            }
            System.out.printf(java.util.Locale.ROOT, "timed: %.3f%n", (System.nanoTime() - start) / 1e9);
        }
        System.out.println(records);
    }

    private static long drain(Result result) {
        long n = 0;
        while (result.hasNext()) {
            // asMap converts every value, as an exporter must before writing it
            result.next().asMap();
            n++;
        }
        return n;
    }
}
