package io.graphvault.bench;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/** The driver of a bench child process, from the same environment variables GraphVault reads. */
final class BenchDriver {

    private BenchDriver() {
    }

    static Driver fromEnvironment() {
        return GraphDatabase.driver(System.getenv("NEO4J_URI"),
                AuthTokens.basic(System.getenv().getOrDefault("NEO4J_USER", "neo4j"), System.getenv("NEO4J_PASSWORD")));
    }
}
