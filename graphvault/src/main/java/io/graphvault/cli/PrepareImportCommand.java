package io.graphvault.cli;

import io.graphvault.adminimport.PrepareImport.Prepared;
import io.graphvault.adminimport.PrepareImportRequest;
import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prepare-import", mixinStandardHelpOptions = true,
        description = "Write a backup as the files `neo4j-admin database import full` reads, and the argument file that names them.")
final class PrepareImportCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DIR|ID|s3://bucket/prefix/ID", description = "The backup.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "A new or empty folder for the files.")
    String to;

    @Option(names = "--mounted-at", paramLabel = "PATH", description = "Where the importer sees DIR (e.g. /import in a"
            + " container); default: DIR itself.")
    String mountedAt;

    @Option(names = "--database", paramLabel = "NAME", defaultValue = "neo4j", description = "The database to import into"
            + " (default: ${DEFAULT-VALUE}).")
    String database;

    @Mixin
    AllowUnauthenticated authenticity;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (GraphVaultRuntime runtime = startRuntime(false, "catalog")) {
            Prepared p = runtime.request("direct:prepare-import", new PrepareImportRequest(from, to, mountedAt, database),
                    authenticity.headers(), Prepared.class);
            PrintWriter out = out();
            if (json) {
                out.println(BackupJson.MAPPER.writeValueAsString(p));
                return 0;
            }
            out.printf("files for neo4j-admin import of backup %s written to %s in %.1f s%n", p.backup(), p.dir(), p.seconds());
            out.printf("  nodes:          %,d (%s)%n", p.nodes(), files(p.nodeFiles()));
            out.printf("  relationships:  %,d (%s)%n", p.relationships(), files(p.relationshipFiles()));
            out.printf("  size:           %,d bytes%n", p.bytes());
            if (p.fixups() > 0) {
                out.printf("  %,d records hold values the importer cannot carry: restore --schema-only sets them%n", p.fixups());
            }
            out.println("next, with the Neo4j server stopped and database " + database + " absent or empty:");
            out.println("  neo4j-admin database import full @" + p.importerArgumentFile());
            out.println("then start the server and run:");
            out.println("  graphvault restore --from " + from + " --schema-only");
            out.println("  graphvault verify --from " + from + " --against-db");
            return 0;
        }
    }

    private static String files(int n) {
        return n == 1 ? "1 file" : n + " files";
    }
}
