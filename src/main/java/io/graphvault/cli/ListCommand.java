package io.graphvault.cli;

import io.graphvault.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.storage.LocalBackupStore.Listing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Completed backups, newest first, with size and counts.")
final class ListCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        try (GraphVaultRuntime runtime = startRuntime()) {
            List<Listing> backups = runtime.request("direct:list", null, List.class);
            if (json) {
                out().println(BackupJson.MAPPER.writeValueAsString(backups.stream().map(l -> Map.of(
                        "id", l.manifest().id(), "path", l.dir().toString(), "startedAt", l.manifest().startedAt(),
                        "bytes", l.manifest().totalBytes(), "nodes", l.manifest().counts().nodes(),
                        "relationships", l.manifest().counts().relationships())).toList()));
                return 0;
            }
            if (backups.isEmpty()) {
                out().println("no completed backups in " + runtime.property("backup.dir"));
                return 0;
            }
            out().printf("%-28s %-24s %12s %12s %14s%n", "ID", "STARTED (UTC)", "BYTES", "NODES", "RELATIONSHIPS");
            for (Listing l : backups) {
                BackupManifest m = l.manifest();
                out().printf("%-28s %-24s %,12d %,12d %,14d%n", m.id(), m.startedAt(), m.totalBytes(),
                        m.counts().nodes(), m.counts().relationships());
            }
            return 0;
        }
    }
}
