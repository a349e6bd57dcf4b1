package io.graphvault.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson set-up for backup files: plain JSON, 64-bit integers, doubles as doubles, no key twice in an object. */
public final class BackupJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            // Schubfach instead of Double.toString: the same shortest round-tripping digits, several times faster
            // (1536-float embeddings are most of a backup's numbers)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature())
            // A key twice in one object is refused: reading on would keep the last value and drop the first
            // unseen, and GraphVault never writes one. For trees (records, trigger files) the tree builder's
            // own put finds it at no cost; the parser's check (DOCUMENTS) made verify 1.08 x slower.
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    /** For the manifest and schema.json, read into classes rather than trees: the parser refuses a key twice. */
    public static final ObjectReader DOCUMENTS = MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private BackupJson() {
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
