package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench/incremental} (bench/README.md): a chain of daily incremental backups under uniform churn, each
 * {@code --to both} by the product jar with a capped heap, against full backups of the same states: what they
 * store on disk and in the bucket, how long they take, and how long the chain's last one takes to restore.
 */
@Command(name = "bench/incremental", mixinStandardHelpOptions = true,
        description = "Times and sizes daily incremental backups under churn against full ones, and their restores.")
final class IncrementalBench implements Callable<Integer> {

    @Mixin
    GraphSize size;

    @Mixin
    ChurnOptions churn;

    @Option(names = "--days", defaultValue = "30", description = "Daily incremental backups in the chain (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of every backup and restore (default: ${DEFAULT-VALUE}).")
    String heap;

    @Mixin
    ResultOptions output;

    public static void main(String[] args) {
        // bench/incremental gives --results first: one given after it wins
        System.exit(new CommandLine(new IncrementalBench()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        churn.check(this);
        if (days < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--days is at least 1, not " + days);
        }
        output.inWorkFolder("graphvault-incremental", work -> {
            IncrementalReport report = measure(work);
            System.out.println(report.table());
            System.out.println("results: " + report.writeJson(output.results));
        });
        return 0;
    }

    private IncrementalReport measure(Path work) throws Exception {
        // an OutOfMemoryError ends the process at once, as in bench/run's -Xmx256m steps, rather than leaving it to limp on
        ProductJar jar = new ProductJar(work, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
        Path importDir = Files.createDirectories(work.resolve("import"));
        Path inbox = work.resolve("inbox");
        try (BenchBucket bucket = BenchBucket.start(work.resolve("s3"));
                BenchServer source = BenchServer.start(work.resolve("source"), importDir, false);
                BenchServer target = BenchServer.start(work.resolve("target"), importDir, false)) {
            log("graph: %,d nodes, %,d relationships; work folder %s", size.nodes, size.relationships, work);
            SyntheticGraph graph = new SyntheticGraph(size.nodes, size.relationships);
            try (Driver driver = source.newDriver()) {
                graph.load(driver);
            }
            BackupPlace chain = new BackupPlace(work.resolve("chain"), bucket, "chain", inbox);
            BackupPlace side = new BackupPlace(work.resolve("side"), bucket, "side", inbox);
            BackupPlace warmUp = new BackupPlace(work.resolve("warm-up"), bucket, "warm-up", inbox);
            IncrementalDays.Backups backups = new IncrementalDays(jar, source, chain, side, warmUp)
                    .run(graph, size.nodes, churn.fraction, days, churn.seed);
            String fromBucket = verifyInBucket(new ProductJar(work, List.of()), chain, source, backups.last().id());
            GraphCounts counts = GraphCounts.of(source);
            List<RestoreComparison.Restored> restores = new RestoreComparison(jar, new ProductJar(work, List.of()), target, counts)
                    .run(List.of(new RestoreComparison.Source("last incremental (" + days + "-day chain)", chain, backups.last().id()),
                            new RestoreComparison.Source("full of the same state", side, backups.fullOfLastDay().id())));
            return new IncrementalReport(new IncrementalReport.Settings(size.nodes, size.relationships, churn.fraction, days, churn.seed, heap),
                    counts, backups, restores, chain.localTotal(), chain.bucketTotal(), fromBucket);
        }
    }

    /** Untimed: the chain's replica in the bucket reads whole on its own ({@code verify --from s3://…}). */
    private static String verifyInBucket(ProductJar checker, BackupPlace chain, BenchServer source, String id) throws Exception {
        ChildProcess.Outcome o = checker.run(chain.env(source), "verify", "--from", chain.s3Uri(id));
        String check = o.ok() ? "verify ok" : "verify " + o.reason();
        if (!o.ok()) {
            log("%s", checker.failure(o, "verify", "--from", chain.s3Uri(id)));
        }
        log("%s in the bucket: %s", id, check);
        return check;
    }
}
