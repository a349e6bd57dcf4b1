package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import io.graphvault.status.GraphStatus.Counts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Live database counts: nodes, relationships, per label and type, nodes with embeddings.")
final class StatusCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--json", description = "Print the counts as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (GraphVaultRuntime runtime = startRuntime(false, "catalog")) {
            Counts c = runtime.request("direct:status", null, Counts.class);
            if (json) {
                out().println(BackupJson.MAPPER.writeValueAsString(c));
                return 0;
            }
            out().printf("nodes:         %,d%n", c.nodes());
            out().printf("relationships: %,d%n", c.relationships());
            out().printf("with embedding: %,d%n", c.nodesWithEmbedding());
            out().println("labels:");
            c.labels().forEach((l, n) -> out().printf("  %-30s %,d%n", l, n));
            out().println("relationship types:");
            c.types().forEach((t, n) -> out().printf("  %-30s %,d%n", t, n));
            return 0;
        }
    }
}
