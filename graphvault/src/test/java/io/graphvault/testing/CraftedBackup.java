package io.graphvault.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A graphvault/1 folder written by hand, as another server or an older version would have written it: its manifest checks out. */
public final class CraftedBackup {

    /**
     * Counts as a crafter's tool would: a key given twice keeps its last value, a second record on a line is not
     * seen. GraphVault's own reader refuses both.
     */
    private static final ObjectMapper LENIENT = new ObjectMapper();

    private CraftedBackup() {
    }

    /** Writes {@code dir} with uncompressed files, the manifest counted from the lines. */
    public static Path write(Path dir, String schema, List<String> nodes, List<String> relationships) throws IOException {
        return write(dir, schema, nodes, relationships, null);
    }

    /** As {@link #write(Path, String, List, List)}, the manifest counting {@code nodeCount} nodes if it is not null. */
    public static Path write(Path dir, String schema, List<String> nodes, List<String> relationships, Long nodeCount)
            throws IOException {
        Files.createDirectories(dir.resolve("nodes"));
        Files.createDirectories(dir.resolve("relationships"));
        Files.writeString(dir.resolve("schema.json"), schema);
        Files.writeString(dir.resolve("nodes/000001.jsonl"), lines(nodes));
        Files.writeString(dir.resolve("relationships/000001.jsonl"), lines(relationships));
        Map<String, Long> labels = new TreeMap<>();
        for (String n : nodes) {
            LENIENT.readTree(n).path("labels").forEach(l -> labels.merge(l.asText(), 1L, Long::sum));
        }
        Map<String, Long> types = new TreeMap<>();
        for (String r : relationships) {
            types.merge(LENIENT.readTree(r).path("type").asText(), 1L, Long::sum);
        }
        ObjectNode m = BackupJson.MAPPER.createObjectNode();
        m.put("format", "graphvault/1").put("id", dir.getFileName().toString());
        ObjectNode counts = m.putObject("counts");
        counts.put("nodes", nodeCount == null ? nodes.size() : nodeCount).put("relationships", relationships.size());
        labels.forEach(counts.putObject("labels")::put);
        types.forEach(counts.putObject("types")::put);
        ArrayNode files = m.putArray("files");
        for (String[] f : new String[][] {{"schema.json", "0"}, {"nodes/000001.jsonl", String.valueOf(nodes.size())},
                {"relationships/000001.jsonl", String.valueOf(relationships.size())}}) {
            byte[] bytes = Files.readAllBytes(dir.resolve(f[0]));
            files.addObject().put("path", f[0]).put("records", Long.parseLong(f[1])).put("bytes", bytes.length)
                    .put("sha256", Sha256.hex(bytes));
        }
        BackupJson.MAPPER.writeValue(dir.resolve("manifest.json").toFile(), m);
        return dir;
    }

    private static String lines(List<String> records) {
        return records.isEmpty() ? "" : String.join("\n", records) + "\n";
    }
}
