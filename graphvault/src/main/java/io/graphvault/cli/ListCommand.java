package io.graphvault.cli;

import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.storage.local.LocalBackupStore.Listing;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Completed backups, newest first, with size and counts.")
final class ListCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Option(names = "--s3", description = "List the completed backups in the S3 bucket (S3_BUCKET, S3_PREFIX) instead.")
    boolean s3;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        try (GraphVaultRuntime runtime = startRuntime(s3, "catalog")) {
            if (s3) {
                return listS3(runtime);
            }
            List<Listing> backups = runtime.request("direct:list", null, List.class);
            if (json) {
                out().println(BackupJson.MAPPER.writeValueAsString(backups.stream().map(l -> jsonRow(l.manifest(),
                        Map.of("folder", folder(l), "path", l.dir().toString()))).toList()));
                return 0;
            }
            if (backups.isEmpty()) {
                out().println("no completed backups in " + runtime.property("backup.dir"));
                return 0;
            }
            printHeader();
            for (Listing l : backups) {
                printRow(folder(l), l.manifest());
                if (!folder(l).equals(l.manifest().id())) {
                    out().printf("  note: folder '%s' holds backup %s (its manifest's id): restore it with --from %s%n",
                            folder(l), l.manifest().id(), l.dir());
                }
            }
            return 0;
        }
    }

    /**
     * A backup in BACKUP_DIR is listed by its folder's name: a copied or renamed folder keeps the id in
     * its manifest, and {@code --from ID} opens the folder of that name, not the copy.
     */
    private static String folder(Listing l) {
        return l.dir().getFileName().toString();
    }

    @SuppressWarnings("unchecked")
    private int listS3(GraphVaultRuntime runtime) throws Exception {
        List<S3BackupStore.Listing> backups = runtime.request("direct:list-s3", null, List.class);
        if (json) {
            out().println(BackupJson.MAPPER.writeValueAsString(backups.stream().map(l -> jsonRow(l.manifest(),
                    Map.of("location", l.location()))).toList()));
            return 0;
        }
        if (backups.isEmpty()) {
            out().println("no completed backups in " + runtime.bean("s3Settings", S3Settings.class).rootUri());
            return 0;
        }
        printHeader();
        backups.forEach(l -> printRow(l.manifest().id(), l.manifest()));
        return 0;
    }

    /**
     * One backup as JSON: {@code parent} (null for a full backup) and {@code shareOfFull}, the part of what a full
     * backup would write that an incremental one wrote (1 for a full one).
     */
    private static Map<String, Object> jsonRow(BackupManifest m, Map<String, Object> where) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        row.putAll(where);
        row.put("startedAt", m.startedAt());
        row.put("bytes", m.totalBytes());
        row.put("nodes", m.counts().nodes());
        row.put("relationships", m.counts().relationships());
        row.put("kind", m.kind());
        row.put("encryptionKeyId", keyId(m));
        row.put("parent", m.parent());
        row.put("shareOfFull", m.incremental() == null ? 1.0 : (double) m.incremental().jsonBytes() / m.incremental().fullJsonBytes());
        return row;
    }

    private void printHeader() {
        out().printf("%-28s %-24s %12s %-8s %-20s %12s %14s  %-8s  %s%n", "ID", "STARTED (UTC)", "BYTES", "OF FULL", "PARENT", "NODES",
                "RELATIONSHIPS", "KIND", "ENCRYPTED WITH KEY");
    }

    /** BYTES are the backup's own files; OF FULL what it wrote of what a full backup would have, PARENT what it needs. */
    private void printRow(String id, BackupManifest m) {
        out().printf("%-28s %-24s %,12d %-8s %-20s %,12d %,14d  %-8s  %s%n", id, m.startedAt(), m.totalBytes(),
                m.incremental() == null ? "full" : m.incremental().share(), m.parent() == null ? "-" : m.parent(),
                m.counts().nodes(), m.counts().relationships(), m.kind(), m.encrypted() ? keyId(m) : "-");
    }

    /** The key id of an encrypted backup, "" for a plain one (Map.of takes no null). */
    private static String keyId(BackupManifest m) {
        return m.encrypted() ? m.encryption().keyId() : "";
    }
}
