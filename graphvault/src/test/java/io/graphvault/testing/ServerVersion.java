package io.graphvault.testing;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** What a test server says its version is. */
final class ServerVersion {

    private ServerVersion() {
    }

    static String of(TestNeo4j neo4j) {
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            return s.run("CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions[0]").single().get(0).asString();
        }
    }
}
