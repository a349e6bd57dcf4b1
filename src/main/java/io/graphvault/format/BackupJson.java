package io.graphvault.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson set-up for backup files: plain JSON, 64-bit integers, doubles as doubles. */
public final class BackupJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            // Schubfach instead of Double.toString: the same shortest round-tripping digits, several times faster
            // (1536-float embeddings are most of a backup's numbers)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private BackupJson() {
    }
}
