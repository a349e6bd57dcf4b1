package io.graphvault.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench/run}'s command line (bench/README.md): runs the bench, prints its table and keeps its JSON. */
@Command(name = "bench/run", mixinStandardHelpOptions = true,
        description = "Times GraphVault's backup and restore against the driver's limits and APOC on a synthetic graph.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    GraphSize size;

    @Option(names = "--scale", description = "A second pass at 4 × the size.")
    boolean scale;

    @Option(names = "--server", defaultValue = "5.26",
            description = "5.26 (in this JVM, with APOC) or 2026 (2026.08.1 in child processes; default: ${DEFAULT-VALUE}).")
    String server;

    @Mixin
    ResultOptions output;

    public static void main(String[] args) {
        // bench/run gives --results first: one given after it wins, as a later option does
        System.exit(new CommandLine(new BenchCommand()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!server.equals("5.26") && !server.equals("2026")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--server is 5.26 (in this JVM, with APOC) or 2026 (2026.08.1 in child processes), not " + server);
        }
        BenchReport report = new BenchReport(size.nodes, size.relationships, scale, server.equals("2026"));
        output.inWorkFolder("graphvault-bench", work ->
                new GraphVaultBench(size.nodes, size.relationships, scale, work, server.equals("2026"), report).run());
        System.out.println(report.table());
        System.out.println("results: " + report.writeJson(output.results));
        return 0;
    }
}
