package io.graphvault.testing;

import java.nio.file.Path;

/** Neo4j 5.26 (the harness on the test class path) inside the test JVM. */
final class InProcessNeo4j implements TestNeo4j {

    private final EmbeddedNeo4j neo4j;
    private final String version;

    private InProcessNeo4j(EmbeddedNeo4j neo4j) {
        this.neo4j = neo4j;
        this.version = ServerVersion.of(this);
    }

    static InProcessNeo4j start(Path workDir, String password) {
        return of(EmbeddedNeo4j.start(workDir, password));
    }

    /** A server started by the caller, such as one on a store of its own. */
    static InProcessNeo4j of(EmbeddedNeo4j neo4j) {
        return new InProcessNeo4j(neo4j);
    }

    @Override
    public String boltUri() {
        return neo4j.boltUri();
    }

    @Override
    public String password() {
        return neo4j.password();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        neo4j.close();
    }
}
