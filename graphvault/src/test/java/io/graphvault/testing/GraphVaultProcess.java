package io.graphvault.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs GraphVault as a user does: its own JVM, configured only through environment variables, with
 * stdout and stderr exactly as a terminal would show them (log lines included).
 */
public final class GraphVaultProcess {

    /**
     * The jar users run ({@code graphvault/target/graphvault.jar}: the build packages it before the integration
     * tests and names it here); unset (a test run from an IDE), this test's class path runs instead.
     */
    static final String JAR_PROPERTY = "graphvault.jar";
    /**
     * For a command run with no JVM options of its own (not the memory tests, whose work is long): C1 only and
     * the serial collector. A `list` took 0.63 × the CPU time of the defaults (farm-bench, 5 runs), and the
     * jar 0.67 × the CPU time of the test class path's 457 jars: the suite starts about fifty such JVMs.
     */
    private static final List<String> SHORT_COMMAND = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private GraphVaultProcess() {
    }

    public record Result(int exitCode, String out, String err, Duration elapsed) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** {@code java [jvmOptions] -jar graphvault.jar args}, and waits for it to end. */
    public static Result run(Map<String, String> env, List<String> jvmOptions, Duration deadline, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("graphvault-out", ".txt");
        Path err = Files.createTempFile("graphvault-err", ".txt");
        long start = System.nanoTime();
        Process p = start(env, jvmOptions, out, err, args);
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("graphvault " + String.join(" ", args) + " did not finish within " + deadline
                        + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts {@code java [jvmOptions] -jar graphvault.jar args} with its stdout and stderr in {@code out} and
     * {@code err}; for a command that runs until stopped ({@code serve}), which the caller stops.
     */
    public static Process start(Map<String, String> env, List<String> jvmOptions, Path out, Path err, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions.isEmpty() ? SHORT_COMMAND : jvmOptions);
        String jar = System.getProperty(JAR_PROPERTY, "");
        if (jar.isBlank()) {
            command.addAll(List.of("-cp", classpath(), "io.graphvault.GraphVaultApplication"));
        } else {
            command.addAll(List.of("-jar", jar));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only what the test sets: a developer's own NEO4J_* variables must not leak in.
        pb.environment().keySet().removeIf(k -> k.startsWith("NEO4J_") || k.startsWith("BACKUP_") || k.startsWith("S3_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * This JVM's classpath without empty entries. Surefire's ends with a separator, which a child
     * JVM reads as "the current folder": started in the project folder, Camel then finds
     * {@code routes/*.camel.yaml} both in {@code target/classes} and in {@code ./routes} and refuses
     * to start ("Route configuration already exists").
     */
    private static String classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The environment a user would export to point GraphVault at {@code neo4j} and {@code backupDir}. */
    public static Map<String, String> env(String boltUri, String password, Path backupDir) {
        return Map.of("NEO4J_URI", boltUri, "NEO4J_USER", "neo4j", "NEO4J_PASSWORD", password,
                "NEO4J_DATABASE", "neo4j", "BACKUP_DIR", backupDir.toString(),
                "BACKUP_INBOX", backupDir.resolveSibling(backupDir.getFileName() + "-inbox").toString());
    }
}
