package io.graphvault.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.graphvault.app.GraphVaultRuntime;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.DatabaseComparison;
import io.graphvault.restore.LegacyFolderCheck;
import io.graphvault.storage.catalog.BackupCatalog.Verified;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-read every file of a backup and check its SHA-256 and record count against the manifest.")
final class VerifyCommand extends CommandSupport implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DIR|ID|s3://bucket/prefix/ID", description = "The backup to check.")
    String from;

    @Option(names = "--against-db", description = "Also compare the live database with the backup (counts and content per label and type).")
    boolean againstDb;

    @Mixin
    AllowUnauthenticated authenticity;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (GraphVaultRuntime runtime = startRuntime(false, "catalog")) {
            if (againstDb) {
                return compare(runtime);
            }
            Object verified;
            try {
                verified = runtime.request("direct:verify", from, authenticity.headers(), Object.class);
            } catch (GraphVaultException e) {
                if (json) {
                    // a script reads the verdict on stdout either way; the reason also goes to stderr, exit 1
                    Map<String, Object> failed = new LinkedHashMap<>();
                    failed.put("intact", false);
                    failed.put("from", from);
                    failed.put("error", e.getMessage());
                    out().println(BackupJson.MAPPER.writeValueAsString(failed));
                    out().flush();
                }
                throw e;
            }
            if (verified instanceof LegacyFolderCheck.Result legacy) {
                return legacy(legacy);
            }
            Verified v = (Verified) verified;
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("intact", true);
                result.putAll(BackupJson.MAPPER.convertValue(v, new TypeReference<Map<String, Object>>() { }));
                out().println(BackupJson.MAPPER.writeValueAsString(result));
            } else if (!v.report().recordsRead()) {
                out().printf("backup %s at %s is intact as stored: %d files, %,d bytes, every SHA-256 matches. It is encrypted"
                        + " with key %s, which is not set here, so its %,d records (the manifest's count) were not read;"
                        + " a restore needs that key%n", v.manifest().id(), v.location(), v.report().files(), v.report().bytes(),
                        v.report().keyId(), v.report().records());
            } else {
                out().printf("backup %s at %s is intact: %d files, %,d bytes, %,d records, every SHA-256 matches%s%n",
                        v.manifest().id(), v.location(), v.report().files(), v.report().bytes(), v.report().records(),
                        v.report().keyId() == null ? "" : "; encrypted with key " + v.report().keyId());
            }
            if (!json && v.report().recordsRead() && v.manifest().authentication() != null) {
                out().println("its manifest is authenticated (" + v.manifest().authentication().algorithm() + ", key "
                        + v.manifest().authentication().keyId() + ")");
            }
            if (!json && v.manifest().consistency() != null) {
                out().println("it is " + v.manifest().consistency().describe());
            }
            if (!json && v.manifest().incremental() != null) {
                out().println("it is incremental on backup " + v.manifest().parent() + "; the files counted above are its own and"
                        + " its parents', down to a full backup, each checked against its own manifest");
            }
            return 0;
        }
    }

    /** A folder of the old Python scripts: no checksums, so "intact" means every entry reads as the script wrote it. */
    private int legacy(LegacyFolderCheck.Result r) throws Exception {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("intact", r.problems().isEmpty());
            result.put("format", "old Python script");
            result.putAll(BackupJson.MAPPER.convertValue(r, new TypeReference<Map<String, Object>>() { }));
            out().println(BackupJson.MAPPER.writeValueAsString(result));
        } else {
            out().printf("folder %s of the old Python scripts reads: %,d nodes, %,d relationships, every entry one the script"
                    + " could have written (it wrote no checksums to check)%n", r.location(), r.nodes(), r.relationships());
            r.problems().forEach(p -> out().println("  " + p));
        }
        if (!r.problems().isEmpty()) {
            throw new GraphVaultException(r.location() + " lacks what the restore needs in " + r.problems().size()
                    + " place(s), listed on stdout; a restore of it would exit 1");
        }
        return 0;
    }

    private int compare(GraphVaultRuntime runtime) throws Exception {
        DatabaseComparison.Report report = runtime.request("direct:verify-against-db", from, authenticity.headers(),
                DatabaseComparison.Report.class);
        if (json) {
            out().println(BackupJson.MAPPER.writeValueAsString(report));
        } else if (report.equal()) {
            out().printf("the database matches backup %s: same nodes, labels, relationships and properties%n", report.backup());
        } else {
            out().printf("the database differs from backup %s:%n", report.backup());
            report.differences().forEach(d -> out().println("  " + d));
        }
        if (!report.equal()) {
            throw new GraphVaultException("the database differs from backup " + report.backup() + " in "
                    + report.differences().size() + " place(s), listed on stdout");
        }
        return 0;
    }
}
