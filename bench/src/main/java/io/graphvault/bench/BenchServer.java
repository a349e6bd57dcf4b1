package io.graphvault.bench;

import apoc.export.json.ExportJson;
import apoc.export.json.ImportJson;
import io.graphvault.testing.ChildProcessNeo4j;
import io.graphvault.testing.EmbeddedNeo4j;
import io.graphvault.testing.TestServices;
import io.graphvault.testing.server.Neo4jServerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A Neo4j server of the bench: in this JVM (5.26, with APOC) or a child process (2026.08.1,
 * {@code --server 2026}, without APOC). {@code cpuSeconds}: its CPU time so far (this JVM's for an
 * embedded server: add it up once for the pair, not per server).
 */
record BenchServer(String boltUri, Runnable stop, DoubleSupplier cpuSeconds) implements AutoCloseable {

    static final String PASSWORD = "graphvault-bench";
    /**
     * A 2026 server's memory, like the in-process 5.26 servers' (a 256 MB page cache each, a 4 GB heap shared
     * with the bench): with the tests' 1 GB heap and 128 MB page cache its GC took 5 CPU-seconds per restore.
     */
    private static final String SERVER_2026_HEAP = "4g";
    private static final List<String> SERVER_2026_SETTINGS = List.of("server.memory.pagecache.size=256m");

    /** A server with its files in {@code dir}; an embedded one reads and writes APOC's files in {@code importDir}. */
    static BenchServer start(Path dir, Path importDir, boolean server2026) throws IOException {
        if (server2026) {
            return child(dir, SERVER_2026_SETTINGS);
        }
        return embedded(Neo4jBuilders.newInProcessBuilder(Files.createDirectories(dir)), b -> b
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .withConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .withProcedure(ExportJson.class)
                .withProcedure(ImportJson.class));
    }

    /**
     * A server with the same memory on the store {@code neo4j-admin database import} wrote into the Neo4j home
     * {@code home}, whose files it copies into {@code dir} first (harness {@code copyFrom}), without APOC.
     */
    static BenchServer startOnImport(Path dir, Path home, boolean server2026) throws IOException {
        if (server2026) {
            List<String> settings = new ArrayList<>(SERVER_2026_SETTINGS);
            settings.add(Neo4jServerMain.COPY_FROM + "=" + home);
            return child(dir, settings);
        }
        return embedded(Neo4jBuilders.newInProcessBuilder(Files.createDirectories(dir)).copyFrom(home), UnaryOperator.identity());
    }

    private static BenchServer child(Path dir, List<String> settings) throws IOException {
        ChildProcessNeo4j neo4j = ChildProcessNeo4j.start(Files.createDirectories(dir), PASSWORD, SERVER_2026_HEAP, settings);
        return new BenchServer(neo4j.boltUri(), neo4j::close, () -> ChildProcess.cpuSeconds(neo4j.pid()));
    }

    private static BenchServer embedded(Neo4jBuilder builder, UnaryOperator<Neo4jBuilder> customize) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(builder, PASSWORD, customize);
        return new BenchServer(neo4j.boltUri(), neo4j::close, () -> os.getProcessCpuTime() / 1e9);
    }

    Driver newDriver() {
        return GraphDatabase.driver(boltUri, AuthTokens.basic(EmbeddedNeo4j.USER, PASSWORD));
    }

    /** Empties the database, constraints and indexes too, as the tests do between tests. */
    void wipe() {
        try (Driver driver = newDriver()) {
            TestServices.wipe(driver);
        }
    }

    @Override
    public void close() {
        stop.run();
    }
}
