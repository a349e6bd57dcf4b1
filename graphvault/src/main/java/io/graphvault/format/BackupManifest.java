package io.graphvault.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code manifest.json}: written last, so a backup exists only once its manifest is in place and
 * verifies. Times are ISO-8601 UTC strings. The contract: docs/format.md.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Encryption encryption,
        @JsonInclude(JsonInclude.Include.NON_NULL) Consistency consistency,
        @JsonInclude(JsonInclude.Include.NON_NULL) Incremental incremental,
        @JsonInclude(JsonInclude.Include.NON_NULL) Authentication authentication) {

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

    /**
     * What the backup saw of the writes committed while it read (absent in older backups).
     * {@code snapshot}: true when nothing else ran meanwhile, false when something did, null when
     * the server told neither mark; {@code measure} says which ({@code committed transactions} or
     * {@code transactions begun}) and {@code otherTransactions} how many. {@code movedNodes}: nodes
     * a relationship named by another key than their line holds: the restore finds them by export
     * id. {@code droppedRelationships}: relationships whose end node was deleted before the backup
     * could read it: in the files, not in the backup, not in the counts. The contract: docs/consistency.md.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consistency(Boolean snapshot, String measure, Long otherTransactions, long keysChanged, long lateNodes,
            long relationshipsDropped, List<Long> movedNodes, List<Long> droppedRelationships) {

        /** One line for list, verify and the restore report. */
        public String describe() {
            String kind = snapshot == null ? "not known to be a point-in-time snapshot (the server tells no transaction numbers)"
                    : snapshot ? "a point-in-time snapshot (nothing else ran while it read)"
                    : "taken while " + otherTransactions + " other " + measure + " ran";
            if (snapshot != null && snapshot && keysChanged == 0 && lateNodes == 0 && relationshipsDropped == 0) {
                return kind;
            }
            return kind + "; it saw " + keysChanged + " node key(s) change (restored by export id), " + lateNodes
                    + " node(s) created late (read at the end), " + relationshipsDropped
                    + " relationship(s) to nodes deleted before they could be read (left out)";
        }
    }

    /**
     * Set on an incremental backup: its files hold only the records whose line differs from its
     * parent's ({@code parent}, the backup whose manifest's {@link #content()} has the SHA-256
     * {@code parentManifest}); {@code ids} names the file of its {@link BackupIdSets} (which records the backup holds,
     * and which of them its own files hold). {@code jsonBytes} of {@code fullJsonBytes}: the JSON it wrote of what a
     * full backup would have written. The contract: docs/incremental.md.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Incremental(String parent, String parentManifest, String ids, long jsonBytes, long fullJsonBytes) {

        /** What it wrote of what a full backup would have, as a user reads it: {@code 2.9 %}. */
        public String share() {
            return String.format(java.util.Locale.ROOT, "%.1f %%", fullJsonBytes == 0 ? 0.0 : 100.0 * jsonBytes / fullJsonBytes);
        }
    }

    /**
     * The manifest's authentication code, written when a key is set: {@link BackupCipher#MAC_ALGORITHM}
     * over the manifest as GraphVault writes it without this field ({@link #content()}), with the key
     * {@code keyId}. It covers every count and every file's SHA-256, so nothing of the backup can be
     * changed, left out or swapped for a plain one without the key.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Authentication(String algorithm, String keyId, String mac) {
    }

    /** This manifest with its authentication code made with {@code cipher}. */
    public BackupManifest sealed(BackupCipher cipher) {
        return with(new Authentication(BackupCipher.MAC_ALGORITHM, cipher.keyId(), cipher.mac(content())));
    }

    /** What the authentication code covers: the manifest without it, as GraphVault writes it. */
    @JsonIgnore
    public byte[] content() {
        try {
            return BackupJson.MAPPER.writeValueAsBytes(with(null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a manifest always serialises", e);
        }
    }

    private BackupManifest with(Authentication a) {
        return new BackupManifest(format, tool, id, name, startedAt, finishedAt, source, options, counts, files, encryption,
                consistency, incremental, a);
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

    /**
     * For list: {@code snapshot} (nothing else ran while it read), {@code live} (other transactions
     * ran), {@code unknown} (the server told no transaction numbers), {@code -} (an older backup).
     */
    @JsonIgnore
    public String kind() {
        if (consistency == null) {
            return "-";
        }
        return consistency.snapshot() == null ? "unknown" : consistency.snapshot() ? "snapshot" : "live";
    }

    /** The nodes the restore finds by export id (none for older backups). */
    @JsonIgnore
    public Set<Long> movedNodes() {
        return consistency == null || consistency.movedNodes() == null ? Set.of() : Set.copyOf(consistency.movedNodes());
    }

    /** The relationships in the files that are not part of the backup (none for older backups). */
    @JsonIgnore
    public Set<Long> droppedRelationships() {
        return consistency == null || consistency.droppedRelationships() == null ? Set.of()
                : Set.copyOf(consistency.droppedRelationships());
    }

    /** The parent's id of an incremental backup, else null. */
    @JsonIgnore
    public String parent() {
        return incremental == null ? null : incremental.parent();
    }

    /** This manifest, as a view over its chain reads it: {@code files} those of the whole chain, relationships not grouped. */
    public BackupManifest viewing(List<FileEntry> chainFiles) {
        Options o = options == null ? null : new Options(options.batchSize(), options.compression(), options.excludedProperties(),
                options.relationshipOrdinals(), false);
        return new BackupManifest(format, tool, id, name, startedAt, finishedAt, source, o, counts, chainFiles, encryption,
                consistency, incremental, authentication);
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::bytes).sum();
    }
}
