package io.graphvault.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j 5.26 server in this process (neo4j-harness), Bolt on a free loopback port, with
 * authentication on: for the tests and the demo (demo/, through this project's test-jar).
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    public static final String USER = "neo4j";

    private final Neo4j neo4j;
    private final String password;

    private EmbeddedNeo4j(Neo4j neo4j, String password) {
        this.neo4j = neo4j;
        this.password = password;
    }

    public static EmbeddedNeo4j start(Path workDir, String password) {
        return start(workDir, password, UnaryOperator.identity());
    }

    /** As {@link #start(Path, String)}, with more settings or procedures (the benchmark loads APOC). */
    public static EmbeddedNeo4j start(Path workDir, String password, UnaryOperator<Neo4jBuilder> customize) {
        return start(Neo4jBuilders.newInProcessBuilder(workDir), password, customize);
    }

    /** As {@link #start(Path, String, UnaryOperator)}, from a builder of the caller's. */
    public static EmbeddedNeo4j start(Neo4jBuilder builder, String password, UnaryOperator<Neo4jBuilder> customize) {
        Neo4j neo4j = customize.apply(builder
                .withDisabledServer()
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256)))
                .build();
        neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
        return new EmbeddedNeo4j(neo4j, password);
    }

    public String boltUri() {
        return neo4j.boltURI().toString();
    }

    public String password() {
        return password;
    }

    public Driver newDriver() {
        return GraphDatabase.driver(boltUri(), AuthTokens.basic(USER, password));
    }

    @Override
    public void close() {
        neo4j.close();
    }
}
