package io.graphvault.testing;

import io.graphvault.testing.server.Neo4jServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Neo4j server in a child JVM started from the class path of its own version, like Testcontainers without
 * Docker: Neo4j 2026 needs Java 21+ and Netty 4.2, the test JVM runs Java 17, Netty 4.1 and the 5.26 harness.
 * The class path is the {@code lib/} folder that {@code servers/neo4j-2026/pom.xml} fills (the build runs it)
 * plus a copy of {@link Neo4jServerMain}'s one class file. The server stops when {@link #close()} closes its
 * stdin, or when this JVM dies and the operating system closes it.
 */
public final class ChildProcessNeo4j implements TestNeo4j {

    /** The folder holding {@code lib/} (servers/neo4j-2026/target/neo4j): the build sets it (graphvault/pom.xml). */
    static final String HOME_PROPERTY = "graphvault.test.neo4j2026.home";
    /**
     * The Java 21+ installation that runs the server: the build passes {@code -Dgraphvault.java21} or the
     * environment variable on; a run outside Maven (an IDE) may set either.
     */
    static final String JAVA_PROPERTY = "graphvault.test.java21";
    static final String JAVA_ENV = "GRAPHVAULT_TEST_JAVA21";
    /** Cypher 25 as the default language, as users of 2026 run it (the server's own default is Cypher 5). */
    static final List<String> SETTINGS = List.of("db.query.default_language=CYPHER_25");
    private static final long START_SECONDS = 180;
    private static final long STOP_SECONDS = 60;

    private final Process process;
    private final String boltUri;
    private final String password;
    private final String version;

    private ChildProcessNeo4j(Process process, String boltUri, String password) {
        this.process = process;
        this.boltUri = boltUri;
        this.password = password;
        this.version = ServerVersion.of(this);
    }

    /** Starts a server whose files and log ({@code server.log}) go in {@code workDir}, and waits until it is ready. */
    public static ChildProcessNeo4j start(Path workDir, String password) {
        return start(workDir, password, "1g", List.of());
    }

    /**
     * The same with the server JVM's {@code -Xmx} and more {@code name=value} settings (such as
     * {@code server.memory.pagecache.size=256m}): the bench gives a 2026 server the memory its in-process 5.26
     * servers have, where the tests' 1 GB heap and 128 MB page cache cost it 4 GC CPU-seconds per restore.
     */
    public static ChildProcessNeo4j start(Path workDir, String password, String heap, List<String> settings) {
        Path lib = lib();
        try {
            Path log = workDir.resolve("server.log");
            List<String> command = jvm(heap);
            command.addAll(List.of("-cp", mainClassDir(workDir) + java.io.File.pathSeparator + lib.resolve("*"),
                    Neo4jServerMain.class.getName(), Files.createDirectories(workDir.resolve("data")).toString()));
            command.addAll(SETTINGS);
            command.addAll(settings);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put(Neo4jServerMain.PASSWORD_ENV, password);
            Process process = pb.start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread drain = new Thread(() -> drain(process.getInputStream(), log, ready), "neo4j-2026-output");
            drain.setDaemon(true);
            drain.start();
            try {
                return new ChildProcessNeo4j(process, ready.get(START_SECONDS, TimeUnit.SECONDS), password);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("The Neo4j 2026 test server did not start within " + START_SECONDS
                        + " s (" + e.getMessage() + "); its output, in " + log + ", ends:\n" + tail(log, 15), e);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 2026 server's {@code lib/} folder, once the build has fetched it whole. */
    static Path lib() {
        String configuredHome = System.getProperty(HOME_PROPERTY, "");
        if (configuredHome.isBlank()) {
            throw new IllegalStateException("No Neo4j 2026 test server is configured: set -D" + HOME_PROPERTY
                    + " to servers/neo4j-2026/target/neo4j (`mvn verify` does).");
        }
        Path home = Path.of(configuredHome).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("lib.classpath"))) {
            throw new IllegalStateException("The Neo4j 2026 test server is not fetched: " + home.resolve("lib.classpath")
                    + " is missing: `mvn verify` (or `mvn package -pl servers/neo4j-2026`) fetches it.");
        }
        return home.resolve("lib");
    }

    /**
     * The start of a command line for a JVM that runs Neo4j 2026 code (the server, its importer), with {@code -Xmx}
     * {@code heap}, or the JVM's default heap when null.
     */
    static List<String> jvm(String heap) throws IOException {
        List<String> command = new ArrayList<>(List.of(java().toString()));
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(List.of("-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        if (javaFeatureVersion() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Java 24+ only; silences Netty's warning
        }
        return command;
    }

    /** Copies the server's lines to its log and hands over the Bolt URI once it is printed. */
    private static void drain(InputStream output, Path log, CompletableFuture<String> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!ready.isDone() && line.startsWith(Neo4jServerMain.READY)) {
                    ready.complete(line.substring(Neo4jServerMain.READY.length()));
                }
                out.write(line);
                out.write(System.lineSeparator());
                out.flush();
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the server exited before it printed its Bolt URI"));
    }

    /** The last {@code count} lines of a log, for an error message. */
    static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** A folder holding only the server's main class, so that no test class or 5.26 jar reaches its class path. */
    private static Path mainClassDir(Path workDir) throws IOException {
        String file = Neo4jServerMain.class.getName().replace('.', '/') + ".class";
        Path copy = workDir.resolve("classes").resolve(file);
        Files.createDirectories(copy.getParent());
        try (InputStream in = Neo4jServerMain.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(in, copy);
        }
        return workDir.resolve("classes");
    }

    private static Path javaHome() {
        String configured = System.getProperty(JAVA_PROPERTY, "");
        if (configured.isBlank()) {
            configured = System.getenv().getOrDefault(JAVA_ENV, "");
        }
        if (configured.isBlank()) {
            throw new IllegalStateException("Neo4j 2026 needs Java 21+, and none is configured: set " + JAVA_ENV
                    + " (or -Dgraphvault.java21) to a Java 21+ installation.");
        }
        return Path.of(configured);
    }

    private static Path java() {
        Path java = javaHome().resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("Neo4j 2026 needs Java 21+; no java at " + java + ". Set " + JAVA_ENV
                    + " (or -D" + JAVA_PROPERTY + ") to a Java 21+ installation.");
        }
        return java;
    }

    /** From the installation's {@code release} file ({@code JAVA_VERSION="25.0.1"}); 21 when it cannot tell. */
    private static int javaFeatureVersion() throws IOException {
        Path release = javaHome().resolve("release");
        if (Files.isRegularFile(release)) {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        }
        return 21;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    @Override
    public String boltUri() {
        return boltUri;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String version() {
        return version;
    }

    /** The server's process id (the bench reads its CPU time). */
    public long pid() {
        return process.pid();
    }

    /** The server's exit code once it has stopped. */
    int exitCode() {
        return process.exitValue();
    }

    /** Closes the server's stdin (it stops and exits 0), and kills it if it has not exited in time. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
