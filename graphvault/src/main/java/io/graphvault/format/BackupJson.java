package io.graphvault.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The one Jackson set-up for backup files: plain JSON, 64-bit integers, doubles as doubles, no key twice in an object. */
public final class BackupJson {

    /**
     * For writing backup files and command output, and reading trigger files; backup files are read with
     * {@link #readingMapper}'s. Its reader keeps Jackson's default limits (strings of 20,000,000 characters, names of
     * 50,000), which a backup of a real graph passes.
     */
    public static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    /**
     * For the manifest and schema.json, read into classes rather than trees: the parser refuses a key twice.
     * RESTORE_MAX_RECORD_BYTES bounds records, not these: a string or name in them is as long as Neo4j allows.
     */
    public static final ObjectReader DOCUMENTS = readingMapper(Integer.MAX_VALUE).build().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private static final Map<Integer, ObjectMapper> RECORDS = new ConcurrentHashMap<>();

    private BackupJson() {
    }

    /** The reader of records (lines of a data file) for RESTORE_MAX_RECORD_BYTES {@code maxRecordBytes}. */
    public static ObjectMapper records(int maxRecordBytes) {
        return RECORDS.computeIfAbsent(maxRecordBytes, max -> readingMapper(max).build());
    }

    /**
     * The one place that builds the factory backup files are read with (records, manifest, schema.json,
     * the old script's files). Neo4j stores strings and property keys far longer than Jackson's default
     * limits (20,000,000 characters, 50,000 for a name; a string of 33,554,432 characters was tested): a
     * value the backup wrote must read back. Here a string, a name and the whole document may each be
     * {@code maxLength} long: for records RESTORE_MAX_RECORD_BYTES, which a line may not pass (it is
     * refused before it is parsed, and the backup refuses to write a longer one), so no string in a record
     * can be longer.
     */
    public static JsonMapper.Builder readingMapper(int maxLength) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxStringLength(maxLength)
                .maxNameLength(maxLength)
                .maxDocumentLength(maxLength == Integer.MAX_VALUE ? -1 : maxLength)
                .build();
        return configure(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()));
    }

    private static JsonMapper.Builder configure(JsonMapper.Builder b) {
        return b.enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                // Schubfach instead of Double.toString: the same shortest round-tripping digits, several times faster
                // (1536-float embeddings are most of a backup's numbers)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                // A key twice in one object is refused: reading on would keep the last value and drop the first
                // unseen, and GraphVault never writes one. For trees (records, trigger files) the tree builder's
                // own put finds it at no cost; the parser's check (the documents' reader) made verify 1.08 x slower.
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /**
     * The key that {@code e} says {@code p} met twice in one object, shown for a message; null when that is not why
     * {@code e} was thrown. The parser stands on the value of that key: on a scalar, its context's name is the key;
     * on the start of an array or object, the value's own context is open and the key is its parent's name.
     */
    public static String keyTwice(JsonProcessingException e, JsonParser p) {
        if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field '")) {
            return null;
        }
        JsonStreamContext at = p.getParsingContext();
        if (p.currentToken() != null && p.currentToken().isStructStart() && at.getParent() != null) {
            at = at.getParent();
        }
        return at.getCurrentName() == null ? "(unnamed)" : TokenNames.shown(at.getCurrentName());
    }
}
