package io.graphvault.demo;

import io.graphvault.internal.GraphVaultException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar demo/target/graphvault-demo.jar}: the demo's own jar, so that the product jar
 * carries no embedded Neo4j or S3. Exit codes as GraphVault's: 0 the graphs are equal, 1 failure
 * (one line on stderr), 2 usage error.
 */
@Command(name = "graphvault-demo", mixinStandardHelpOptions = true,
        description = "The whole cycle on an embedded Neo4j and an embedded S3: back up a sample graph, replicate it,"
                + " restore it from S3 into an empty database and compare. No services needed.")
public final class DemoCommand implements Callable<Integer> {

    /** `demo`, as the command was called when it lived in the product jar; optional, the only one this jar has. */
    @Parameters(arity = "0..1", paramLabel = "demo", description = "The command: demo (optional; the only one).")
    String command;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its databases, backups and bucket (default: a new folder under the system temp folder).")
    Path dir;

    @Option(names = "--keep-running", description = "Leave both databases and S3 up and print the settings to try other commands against them.")
    boolean keepRunning;

    private final PrintWriter out = new PrintWriter(System.out, true);

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            GraphVaultException known = GraphVaultException.find(e);
            commandLine.getErr().println("graphvault-demo: " + (known != null ? known.getMessage() : e.toString()));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (command != null && !command.equals("demo")) {
            throw new picocli.CommandLine.ParameterException(new CommandLine(this), "unknown command '" + command
                    + "': this jar runs only `demo` (GraphVault's own commands are in target/graphvault.jar)");
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("graphvault-demo-");
        try (var entries = Files.list(work)) {
            if (entries.findAny().isPresent()) {
                throw new GraphVaultException("--dir " + work + " is not empty: give a new or empty folder"
                        + " (the demo creates its databases, backups and bucket there)");
            }
        }
        try (DemoRun demo = new DemoRun(work, out)) {
            out.println("starting an embedded Neo4j (twice) and an embedded S3 in " + work + " ...");
            boolean equal = demo.run();
            if (keepRunning) {
                out.println();
                out.println("the demo services keep running until you press Ctrl-C; paste these lines into another shell:");
                demo.environmentLines().forEach(l -> out.println(l.startsWith("#") ? "  " + l : "  export " + l));
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            if (!equal) {
                throw new GraphVaultException("the graph restored from S3 differs from the source (see above)");
            }
            return 0;
        }
    }
}
