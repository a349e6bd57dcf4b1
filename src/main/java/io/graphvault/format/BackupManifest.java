package io.graphvault.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: written last, so a backup exists only once its manifest is in place and
 * verifies. Times are ISO-8601 UTC strings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        String format,
        String tool,
        String id,
        String name,
        String startedAt,
        String finishedAt,
        Source source,
        Options options,
        Counts counts,
        List<FileEntry> files,
        @JsonInclude(JsonInclude.Include.NON_NULL) Encryption encryption) {

    public static final String FORMAT = "graphvault/1";
    /**
     * {@link #FORMAT} with every file but the manifest encrypted ({@link #encryption}): a format
     * name of its own, so that a GraphVault that cannot decrypt refuses it by name instead of
     * reading ciphertext as gzip.
     */
    public static final String FORMAT_ENCRYPTED = "graphvault/1-encrypted";

    /** Which algorithm and key the files are encrypted with; the key id is a hash, never the key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Encryption(String algorithm, String keyId) {
    }

    @JsonIgnore
    public boolean encrypted() {
        return encryption != null;
    }

    /** The node property keys the backup left out (none for older manifests without options). */
    @JsonIgnore
    public List<String> excludedProperties() {
        return options == null || options.excludedProperties() == null ? List.of() : options.excludedProperties();
    }
    public static final String FILE_NAME = "manifest.json";

    /** Where the backup came from; the URI never carries credentials. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(String uri, String database, String serverVersion, String edition) {
    }

    /**
     * {@code relationshipOrdinals}: relationship lines carry {@code "n": k} on the k-th of several
     * relationships of one type between the same two nodes (absent means 1). {@code
     * relationshipGroups}: those relationships follow one another in the files, in id order, so a
     * replay sees each group whole and can match parallel relationships on their properties
     * without marking them. Backups without it (older ones) are replayed with marks.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Options(int batchSize, String compression, List<String> excludedProperties, boolean relationshipOrdinals,
            boolean relationshipGroups) {
    }

    /**
     * Counts of what the backup holds. {@code excludedPropertyNodes} says how many nodes carried each
     * excluded property, so a user can see what was left out.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long nodes, long relationships, Map<String, Long> labels, Map<String, Long> types,
            Map<String, Long> excludedPropertyNodes) {
    }

    /** One file of the backup, its path relative to the backup folder with forward slashes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long records, long bytes, String sha256) {
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::bytes).sum();
    }
}
