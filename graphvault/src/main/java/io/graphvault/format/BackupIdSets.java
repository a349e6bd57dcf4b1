package io.graphvault.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * {@code ids.json} of an incremental backup: the export ids of every node and relationship the backup
 * holds ({@code nodes}, {@code relationships}), and of those its own files hold ({@code nodesWritten},
 * {@code relationshipsWritten}); the others are read from its ancestors. Each set is a Roaring bitmap
 * in its portable serialisation, base64: dense ids take about a bit each.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupIdSets(String nodes, String relationships, String nodesWritten, String relationshipsWritten) {

    public static final String FILE_NAME = "ids.json";

    public static BackupIdSets of(Roaring64NavigableMap nodes, Roaring64NavigableMap relationships, Roaring64NavigableMap nodesWritten,
            Roaring64NavigableMap relationshipsWritten) {
        return new BackupIdSets(encode(nodes), encode(relationships), encode(nodesWritten), encode(relationshipsWritten));
    }

    /** One of the four sets; {@code node} chooses nodes or relationships. */
    @JsonIgnore
    public Roaring64NavigableMap held(boolean node) {
        return decode(node ? nodes : relationships, node ? "nodes" : "relationships");
    }

    @JsonIgnore
    public Roaring64NavigableMap written(boolean node) {
        return decode(node ? nodesWritten : relationshipsWritten, node ? "nodesWritten" : "relationshipsWritten");
    }

    private static String encode(Roaring64NavigableMap ids) {
        ids.runOptimize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ids.serializePortable(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // to memory
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static Roaring64NavigableMap decode(String encoded, String field) {
        if (encoded == null) {
            throw new IllegalArgumentException(FILE_NAME + " has no \"" + field + "\"");
        }
        Roaring64NavigableMap ids = new Roaring64NavigableMap();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            ids.deserializePortable(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(FILE_NAME + " \"" + field + "\" is not a Roaring bitmap: " + e.getMessage(), e);
        }
        return ids;
    }
}
