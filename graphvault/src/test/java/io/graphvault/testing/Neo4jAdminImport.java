package io.graphvault.testing;

import io.graphvault.testing.server.Neo4jServerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

/**
 * Neo4j's own offline importer, {@code neo4j-admin database import full}, of the version the run tests
 * ({@link TestServices}), and a server of that version on the store it writes: for tests of files made for
 * that importer. On 5.26 the importer runs in this JVM (the harness brings it); on 2026 in a child JVM on the
 * 2026 server's class path, as {@link ChildProcessNeo4j} runs the server. The bench runs either version's
 * importer in a child JVM through {@link #childJvmCommand}, {@link #newHome} and {@link #environment}.
 */
public final class Neo4jAdminImport {

    /** The lines of the importer's output a failure quotes: enough for its error and a stack trace's top. */
    private static final int TAIL_LINES = 40;
    private static final long IMPORT_MINUTES = 10;
    /** From the server.jvm.additional of Neo4j's neo4j.conf: without java.nio the 2026 importer fails as it sorts ids. */
    private static final List<String> ADD_OPENS = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    private Neo4jAdminImport() {
    }

    /**
     * Runs {@code neo4j-admin database import full @argsFile} into a fresh Neo4j home under {@code workDir}
     * (its whole output in {@code workDir/import.log}), then starts a server on the imported store, with user
     * {@value TestNeo4j#USER} and {@code password}, and waits until it is ready. The caller closes it.
     *
     * @param argsFile the importer's arguments, one a line, the database name last (a picocli {@code @}-file)
     * @throws IllegalStateException if the importer fails: the message holds its exit code and the end of its
     *         output, which names the file, line and field at fault when the arguments hold {@code --verbose}
     */
    public static TestNeo4j importAndStart(Path argsFile, Path workDir, String password) {
        try {
            Path home = newHome(workDir);
            Path log = workDir.resolve("import.log");
            boolean neo4j2026 = TestServices.runs2026();
            int exit = neo4j2026 ? importInChildJvm(home, argsFile, log) : importHere(home, argsFile, log);
            if (exit != 0) {
                // without it 5.26 says only "Error in input data", not which file, line and value
                String hint = Files.readString(argsFile).contains("--verbose") ? ""
                        : " (with --verbose in " + argsFile + " it says which file, line and value)";
                throw new IllegalStateException("neo4j-admin database import full @" + argsFile + " exited with "
                        + exit + hint + "; its output, in " + log + ", ends:\n"
                        + ChildProcessNeo4j.tail(log, TAIL_LINES));
            }
            Path serverWork = Files.createDirectories(workDir.resolve("server"));
            // Bolt's quiet period, 5 s per event loop group by default, made each close take 10 s
            if (neo4j2026) {
                return ChildProcessNeo4j.start(serverWork, password, "1g", List.of(
                        Neo4jServerMain.COPY_FROM + "=" + home,
                        "internal.dbms.bolt.netty_server_shutdown_quiet_period_duration=0s"));
            }
            return InProcessNeo4j.of(EmbeddedNeo4j.start(Neo4jBuilders.newInProcessBuilder(serverWork).copyFrom(home),
                    password, b -> b.withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int importHere(Path home, Path argsFile, Path log) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            ExecutionContext context = new ExecutionContext(home, home.resolve("conf"), out, out,
                    new DefaultFileSystemAbstraction());
            return AdminTool.execute(context, toolArguments(argsFile).toArray(String[]::new));
        }
    }

    /** A fresh Neo4j home under {@code workDir}, with an empty {@code conf/}: the importer writes the store in it. */
    public static Path newHome(Path workDir) throws IOException {
        return Files.createDirectories(workDir.resolve("neo4j-home").resolve("conf")).getParent();
    }

    /** What the {@code neo4j-admin} script sets for the importer: NEO4J_HOME and NEO4J_CONF. */
    public static Map<String, String> environment(Path home) {
        return Map.of("NEO4J_HOME", home.toString(), "NEO4J_CONF", home.resolve("conf").toString());
    }

    /**
     * The command line of a JVM that runs the importer as the {@code neo4j-admin} script does: the tool's main class
     * on {@code classpath}, after {@code jvm} (java and its options).
     */
    public static List<String> childJvmCommand(List<String> jvm, String classpath, Path argsFile) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(ADD_OPENS);
        command.addAll(List.of("-cp", classpath, AdminTool.class.getName()));
        command.addAll(toolArguments(argsFile));
        return command;
    }

    /**
     * The same for Neo4j 2026's importer: Java 21+ on the 2026 server's class path, {@code -Xmx} {@code heap}, or the
     * JVM's default when null (neo4j-admin's own, without HEAP_SIZE or a heap setting in neo4j.conf).
     */
    public static List<String> childJvmCommand2026(String heap, Path argsFile) throws IOException {
        return childJvmCommand(ChildProcessNeo4j.jvm(heap), ChildProcessNeo4j.lib().resolve("*").toString(), argsFile);
    }

    private static List<String> toolArguments(Path argsFile) {
        return List.of("database", "import", "full", "@" + argsFile);
    }

    /** As the {@code neo4j-admin} script runs it: the tool's main class, NEO4J_HOME and NEO4J_CONF set. */
    private static int importInChildJvm(Path home, Path argsFile, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(childJvmCommand2026("1g", argsFile)).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment(home));
        Process process = pb.start();
        try {
            if (!process.waitFor(IMPORT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("neo4j-admin database import did not finish within " + IMPORT_MINUTES
                        + " minutes; its output, in " + log + ", ends:\n" + ChildProcessNeo4j.tail(log, TAIL_LINES));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
