package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.RestoreReport;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.lock.JobLock;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replay a backup (GraphVault or the old Python scripts' folder) into the database with MERGE semantics.")
final class RestoreCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DIR|ID|s3://bucket/prefix/ID", description = "The backup to replay.")
    String from;

    @Option(names = "--clear-first", description = "Delete everything in the database first (in batches), after a safety backup.")
    boolean clearFirst;

    @Option(names = "--yes", description = "Confirm --clear-first without asking.")
    boolean yes;

    @Option(names = "--no-safety-backup", description = "With --clear-first: do not back up what is about to be deleted.")
    boolean noSafetyBackup;

    @Option(names = "--key", paramLabel = "LABEL=PROPERTY", description = "Merge nodes of LABEL on PROPERTY (adds to or overrides the backup's keys).")
    Map<String, String> keys;

    @Option(names = "--label-map", paramLabel = "FILE=LABEL", description = "Old Python script folders: the label whose nodes"
            + " FILE (e.g. clinicalmodule_nodes.json) holds, spelled as in the database, when neither backup_summary.json"
            + " nor relationships.json names it.")
    Map<String, String> labelMap;

    @Option(names = "--dry-run", description = "Read and verify everything, print what would be written, write nothing.")
    boolean dryRun;

    @Option(names = "--schema-only", description = "Write no data: complete a database that neo4j-admin database import"
            + " filled from prepare-import's files (the values the importer cannot carry, every constraint and index), and"
            + " check it holds exactly the backup's counts.")
    boolean schemaOnly;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000", description = "Records per write transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    AllowUnauthenticated authenticity;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        requirePositiveBatchSize(batchSize);
        if (schemaOnly && (clearFirst || dryRun)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--schema-only completes an imported database:"
                    + " it cannot be combined with " + (clearFirst ? "--clear-first" : "--dry-run (it checks the database's counts"
                    + " against the backup before it writes anything)"));
        }
        boolean confirmed = yes || !clearFirst || dryRun || askConfirmation();
        try (GraphVaultRuntime runtime = startRuntime(false, "restore", "backup")) {
            RestoreRequest request = new RestoreRequest(from, clearFirst && !dryRun, confirmed, !noSafetyBackup, keys, dryRun, batchSize,
                    labelMap, schemaOnly);
            RestoreReport report;
            // a dry run only reads, so it does not wait for other jobs
            try (JobLock.Held held = dryRun ? null : holdBackupFolder(runtime, request.describe())) {
                report = runtime.request("direct:restore", request, authenticity.headers(), RestoreReport.class);
            }
            print(report);
            if (!report.ok()) {
                report.problems().forEach(p -> spec.commandLine().getErr().println("problem: " + p));
                throw new GraphVaultException("restore of " + report.backup() + " finished with " + report.problems().size()
                        + " problem(s), listed above; fix the cause and run the same command again");
            }
            return 0;
        }
    }

    private boolean askConfirmation() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("restore --clear-first deletes EVERY node and relationship in the database. Type 'yes' to go on: ");
        return "yes".equals(answer == null ? null : answer.trim());
    }

    private void print(RestoreReport r) throws Exception {
        PrintWriter out = out();
        if (json) {
            out.println(BackupJson.MAPPER.writeValueAsString(r));
            return;
        }
        if (r.dryRun()) {
            out.printf("dry run of %s (%s): verified, nothing written%n", r.backup(), r.location());
            r.notes().forEach(n -> out.println("  " + n));
            return;
        }
        out.printf("restore of %s%s%s %s in %.1f s%n", r.backup(), r.legacy() ? " (old Python script format)" : "",
                schemaOnly ? " (schema only)" : "", r.ok() ? "complete" : "INCOMPLETE", r.seconds());
        if (schemaOnly) {
            String there = r.ok() ? "all of them in the database" : "the database differs (problems below)";
            out.printf("  nodes:          %,d in backup, %s%n", r.nodesInBackup(), there);
            out.printf("  relationships:  %,d in backup, %s%n", r.relationshipsInBackup(), there);
            r.notes().forEach(n -> out.println("  note: " + n));
            return;
        }
        if (r.safetyBackup() != null) {
            out.printf("  safety backup:  %s%n", r.safetyBackup());
        }
        out.printf("  nodes:          %,d in backup, %,d written%n", r.nodesInBackup(), r.nodesWritten());
        long left = r.relationshipsInBackup() - r.relationshipsCreated() - r.relationshipsMatched();
        // more than the backup holds: a crafted backup whose node records share an export id, say
        out.printf("  relationships:  %,d in backup, %,d created, %,d already there, %s%n",
                r.relationshipsInBackup(), r.relationshipsCreated(), r.relationshipsMatched(),
                left >= 0 ? String.format("%,d not restored", left) : String.format("%,d more than the backup holds", -left));
        r.databaseLabels().forEach((l, n) -> out.printf("  :%-30s %,d nodes in the database%n", l, n));
        r.databaseTypes().forEach((t, n) -> out.printf("  [:%s] %,d relationships in the database%n", t, n));
        r.notes().forEach(n -> out.println("  note: " + n));
    }
}
