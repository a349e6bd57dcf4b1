package io.graphvault.bench;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** Runs each argument as one Cypher statement, in order: the APOC export and import steps. */
final class RunCypher {

    private RunCypher() {
    }

    public static void main(String[] statements) {
        try (Driver driver = BenchDriver.fromEnvironment(); Session s = driver.session()) {
            for (String statement : statements) {
                s.run(statement).consume();
            }
        }
    }
}
