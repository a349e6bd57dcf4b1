package io.graphvault.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GraphVault's commands run as users run them: the product jar ({@code -Dgraphvault.jar}, which the bench scripts
 * pass) in a JVM of its own with {@code jvmOptions}, so that each command pays its own start-up and its memory is
 * its own.
 */
final class ProductJar {

    private static final Duration DEADLINE = Duration.ofHours(1);

    private final String classpath = System.getProperty("graphvault.jar", System.getProperty("java.class.path"));
    private final Path work;
    private final List<String> jvmOptions;

    /** {@code work}: the child's working folder, where its captured output is kept while it runs. */
    ProductJar(Path work, List<String> jvmOptions) {
        this.work = work;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    ChildProcess.Outcome run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return ChildProcess.run(() -> 0, classpath, jvmOptions, env, work, DEADLINE, GraphVaultBench.APP, args);
    }

    /**
     * As {@link #run}; a failure stops the measurement with what reporting it to the product takes: the command,
     * its exit code and its output.
     */
    ChildProcess.Outcome require(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ChildProcess.Outcome o = run(env, args);
        if (!o.ok()) {
            throw new IllegalStateException(failure(o, args));
        }
        return o;
    }

    /** The command line (JVM options included, the environment's secrets not), exit code, stderr and stdout of a failed run. */
    String failure(ChildProcess.Outcome o, String... args) {
        return "java " + String.join(" ", jvmOptions) + " -jar graphvault.jar " + String.join(" ", args) + " exited with "
                + o.exitCode() + "\nstderr:\n" + o.stderr() + "stdout:\n" + o.stdout();
    }
}
