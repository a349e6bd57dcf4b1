package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neo4j.driver.Driver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bench/churn} (bench/README.md): backup A of the synthetic graph, uniform churn, backup B, both
 * taken by the product jar; then what a record-level delta and content-defined chunks of B would store.
 */
@Command(name = "bench/churn", mixinStandardHelpOptions = true,
        description = "Measures what an incremental backup would store after uniform churn: by record, and by content-defined chunk.")
final class ChurnMeasure implements Callable<Integer> {

    @Mixin
    GraphSize size;

    @Mixin
    ChurnOptions churn;

    @Mixin
    ResultOptions output;

    public static void main(String[] args) {
        // bench/churn gives --results first: one given after it wins
        System.exit(new CommandLine(new ChurnMeasure()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        churn.check(this);
        output.inWorkFolder("graphvault-churn", work -> {
            Path backups = work.resolve("backups");
            SyntheticGraph graph = new SyntheticGraph(size.nodes, size.relationships);
            Churn.Counts counts;
            try (BenchServer server = BenchServer.start(work.resolve("db"), Files.createDirectories(work.resolve("import")), false)) {
                log("graph: %,d nodes, %,d relationships; work folder %s", size.nodes, size.relationships, work);
                try (Driver driver = server.newDriver()) {
                    graph.load(driver);
                }
                backup(server, backups, "a", work);
                try (Driver driver = server.newDriver()) {
                    counts = new Churn(graph, size.nodes, churn.fraction, churn.seed).apply(driver);
                }
                log("churn applied: %s", counts);
                backup(server, backups, "b", work);
            }
            BackupFiles a = new BackupFiles(backups.resolve("a"));
            BackupFiles b = new BackupFiles(backups.resolve("b"));
            log("record level ...");
            RecordDelta records = RecordDelta.measure(a, b);
            log("content-defined chunks ...");
            ChunkDelta.Result stream = ChunkDelta.measure(a, b, ChunkDelta.Input.UNCOMPRESSED_STREAM);
            ChunkDelta.Result stored = ChunkDelta.measure(a, b, ChunkDelta.Input.STORED_FILES);
            // each kind's stream on its own as well: its records are of one size, so (1-p)^k can be tested per kind
            Map<String, ChunkDelta.Result> perKind = new LinkedHashMap<>();
            for (String kind : records.perKind().keySet()) {
                perKind.put(kind, ChunkDelta.measure(a.only(kind), b.only(kind), ChunkDelta.Input.UNCOMPRESSED_STREAM));
            }
            ChurnReport report = new ChurnReport(size.nodes, size.relationships, churn.fraction, churn.seed, counts, a.storedBytes(),
                    b.storedBytes(), records, stream, stored, perKind);
            System.out.println(report.table());
            System.out.println("results: " + report.writeJson(output.results));
        });
        return 0;
    }

    /** {@code backup --name <name>} by the product jar in its own JVM, as the bench runs it. */
    private static void backup(BenchServer server, Path backups, String name, Path work) throws Exception {
        log("backup %s ...", name);
        ChildProcess.Outcome o = new ProductJar(work, List.of()).require(GraphVaultBench.env(server, backups, work.resolve("inbox")),
                "backup", "--name", name);
        log("backup %s: %.1f s", name, o.seconds());
    }
}
