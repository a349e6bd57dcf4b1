package io.graphvault.adminimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BatchFileReader;
import io.graphvault.format.DecodedRecord;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.ImportFixups;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.CheckedBatchFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one batch file of a backup into CSV files for the importer ({@link CsvGroup}s), streaming: one record in
 * memory at a time. Nodes keep their export id as {@code :ID} (relationships name their ends by it), labels go in
 * {@code :LABEL}; a value the importer cannot carry, or a key its header cannot name, goes as the backup wrote it into
 * the fix-up column, which {@code restore --schema-only} applies after the import.
 */
final class BatchFileConversion {

    static final List<String> NODE_COLUMNS = List.of(":ID", ":LABEL");
    static final List<String> RELATIONSHIP_COLUMNS = List.of(":START_ID", ":END_ID", ":TYPE");

    private final BackupSource source;
    private final FileEntry file;
    private final boolean nodes;
    private final Path outputDir;
    private final String baseName;
    private final Set<Long> droppedRelationships;
    private final List<CsvGroup> groups = new ArrayList<>();
    private final Map<String, Long> labels = new HashMap<>();
    private final Map<String, Long> types = new HashMap<>();
    private long records;
    private long fixups;

    BatchFileConversion(BackupSource source, FileEntry file, boolean nodes, Path outputDir, String baseName,
            Set<Long> droppedRelationships) {
        this.source = source;
        this.file = file;
        this.nodes = nodes;
        this.outputDir = outputDir;
        this.baseName = baseName;
        this.droppedRelationships = droppedRelationships;
    }

    /** What one file became: its CSV groups, records converted, labels or types counted, records with fix-ups. */
    record Converted(String path, boolean nodes, List<CsvGroup.CsvFiles> files, long records, Map<String, Long> labels,
            Map<String, Long> types, long fixups) {
    }

    Converted run() {
        String where = source.where(file.path());
        try (BatchFileReader reader = BatchFileReader.open(new CheckedBatchFile(source, file))) {
            long lines = 0;
            while (reader.hasNext()) {
                DecodedRecord r = reader.next();
                lines++;
                convert(r, where);
            }
            // a parent's file in an incremental backup's chain holds records the backup does not: its SHA-256 vouches for it
            if (BackupFileNames.ancestorOf(file.path()) == null && lines != file.records()) {
                throw new GraphVaultException(where + " holds " + lines + " records, the manifest says " + file.records());
            }
            List<CsvGroup.CsvFiles> files = new ArrayList<>();
            for (CsvGroup g : groups) {
                files.add(g.finish());
            }
            return new Converted(file.path(), nodes, files, records, labels, types, fixups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            groups.forEach(CsvGroup::abandon);
        }
    }

    private void convert(DecodedRecord r, String where) throws IOException {
        List<String> fixed;
        if (nodes) {
            fixed = List.of(Long.toString(r.id()), labelField(r, where));
        } else {
            if (droppedRelationships.contains(r.id())) {
                return; // its end node was deleted before the backup could read it: not part of the backup
            }
            String type = r.fields().path("type").asText();
            types.merge(type, 1L, Long::sum);
            fixed = List.of(Long.toString(r.fields().path("start").asLong()), Long.toString(r.fields().path("end").asLong()),
                    ImportValues.quoted(type));
        }
        records++;
        Map<String, ImportValues.Field> fields = new LinkedHashMap<>();
        ObjectNode fixup = null;
        for (Map.Entry<String, Object> p : r.props().entrySet()) {
            String key = p.getKey();
            if (key.equals(ImportFixups.KEY)) {
                throw new GraphVaultException(where + " line " + r.line() + ": property key " + ImportFixups.KEY
                        + " is the one prepare-import reserves for values the importer cannot carry; restore this backup"
                        + " online (graphvault restore) instead");
            }
            ImportValues.Field f = ImportValues.canName(key) ? ImportValues.field(p.getValue()) : null;
            if (f != null) {
                fields.put(key, f);
            } else {
                if (fixup == null) {
                    fixup = BackupJson.MAPPER.createObjectNode();
                }
                String written = TypedValueCodec.escapeKey(key);
                fixup.set(written, r.fields().path("props").get(written));
            }
        }
        if (fixup != null) {
            fields.put(ImportFixups.KEY, new ImportValues.Field("string", ImportValues.quoted(fixup.toString())));
            fixups++;
        }
        group(fields).write(fixed, fields);
    }

    private String labelField(DecodedRecord r, String where) {
        JsonNode list = r.fields().path("labels");
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (JsonNode l : list) {
            String label = l.asText();
            if (label.indexOf(ImportValues.ARRAY_DELIMITER) >= 0) {
                throw new GraphVaultException(where + " line " + r.line() + ": label " + io.graphvault.format.TokenNames.shown(label)
                        + " holds U+001F, the importer's array delimiter here, so neo4j-admin import would split it;"
                        + " restore this backup online (graphvault restore) instead");
            }
            if (!s.isEmpty()) {
                s.append(ImportValues.ARRAY_DELIMITER);
            }
            s.append(label);
            labels.merge(label, 1L, Long::sum);
        }
        return ImportValues.quoted(s.toString());
    }

    private CsvGroup group(Map<String, ImportValues.Field> fields) throws IOException {
        for (CsvGroup g : groups) {
            if (g.accepts(fields)) {
                return g;
            }
        }
        String name = groups.isEmpty() ? baseName : baseName + "-" + (groups.size() + 1);
        CsvGroup g = new CsvGroup(outputDir.resolve(name + ".csv"), outputDir.resolve(name + ".header.csv"),
                nodes ? NODE_COLUMNS : RELATIONSHIP_COLUMNS);
        groups.add(g);
        return g;
    }
}
