package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import io.graphvault.demo.DemoRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole cycle on an embedded Neo4j and an embedded S3: back up a sample graph, replicate it,"
                + " restore it from S3 into an empty database and compare. No services needed.")
final class DemoCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its databases, backups and bucket (default: a new folder under the system temp folder).")
    Path dir;

    @Option(names = "--keep-running", description = "Leave both databases and S3 up and print the settings to try other commands against them.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("graphvault-demo-");
        try (var entries = Files.list(work)) {
            if (entries.findAny().isPresent()) {
                throw new GraphVaultException("demo --dir " + work + " is not empty: give a new or empty folder"
                        + " (the demo creates its databases, backups and bucket there)");
            }
        }
        try (DemoRun demo = new DemoRun(work, out())) {
            out().println("starting an embedded Neo4j (twice) and an embedded S3 in " + work + " ...");
            out().flush();
            boolean equal = demo.run();
            if (keepRunning) {
                out().println();
                out().println("the demo services keep running until you press Ctrl-C; paste these lines into another shell:");
                demo.environmentLines().forEach(l -> out().println(l.startsWith("#") ? "  " + l : "  export " + l));
                out().flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            if (!equal) {
                throw new GraphVaultException("demo: the graph restored from S3 differs from the source (see above)");
            }
            return 0;
        }
    }
}
