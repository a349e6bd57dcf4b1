package io.graphvault.testing;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * A Neo4j server the tests talk to over Bolt, whichever version it is and wherever it runs: in the test JVM
 * (5.26) or in a child process (2026). See {@link TestServices}.
 */
public interface TestNeo4j extends AutoCloseable {

    String USER = "neo4j";

    String boltUri();

    String password();

    /** The server's version as it reports it, e.g. {@code 5.26.30} or {@code 2026.08.1}. */
    String version();

    default Driver newDriver() {
        return GraphDatabase.driver(boltUri(), AuthTokens.basic(USER, password()));
    }

    /** Stops the server: {@link TestServices} does it when the test JVM exits. */
    @Override
    void close();
}
