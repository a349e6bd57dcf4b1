package io.graphvault.restore.legacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphvault.format.BackupJson;
import io.graphvault.format.StorableValues;
import io.graphvault.format.TokenNames;
import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The JSON the old script wrote with Python's {@code json.dump(..., default=str)}, and its values as
 * Neo4j properties. Python writes NaN and ±Infinity as bare literals, which strict JSON parsers
 * reject; every other value is plain JSON: what {@code default=str} turned into a string (dates,
 * datetimes, bytes) stays a string, and what Python saw as a tuple (durations, points) stays a list.
 */
public final class LegacyJson {

    /**
     * Python's NaN and Infinity; a key twice in an object is refused (a Python dict cannot hold one, so the script
     * never wrote it). A file is read whole, and a string or key in it may be as long as Neo4j allows.
     */
    private static final ObjectMapper MAPPER = BackupJson.readingMapper(Integer.MAX_VALUE)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private LegacyJson() {
    }

    static JsonNode read(Path f) {
        try (JsonParser p = MAPPER.createParser(f.toFile())) {
            try {
                return MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                String key = BackupJson.keyTwice(e, p);
                if (key != null) {
                    throw new GraphVaultException(f + " holds the key \"" + key + "\" twice in one object"
                            + " (line " + p.currentLocation().getLineNr() + "): a Python dict holds a key once, so the old script did not"
                            + " write this file as it is. " + LegacyBackup.NOTHING_WRITTEN, e);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new GraphVaultException(f + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The value with its JSON type, for comparing endpoint values with node properties: {@code 2019},
     * {@code 2019.0} and {@code "2019"} are three different values, as they were three different
     * properties in Neo4j.
     */
    static String typed(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "s" + v.textValue();
        }
        if (v.isBoolean()) {
            return "b" + v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return "i" + v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return "f" + v.doubleValue();
        }
        if (v.isArray()) {
            return StreamSupport.stream(v.spliterator(), false).map(LegacyJson::typed).collect(Collectors.joining(",", "[", "]"));
        }
        return "o" + v;
    }

    /** A list of more than 16 floats: the shape of an embedding. */
    static boolean looksLikeEmbedding(JsonNode v) {
        if (v == null || !v.isArray() || v.size() <= 16) {
            return false;
        }
        for (JsonNode e : v) {
            if (!e.isFloatingPointNumber()) {
                return false;
            }
        }
        return true;
    }

    /** A value short enough for one line of a report. */
    public static String abbreviate(JsonNode v) {
        if (v.isArray() && v.size() > 4) {
            return "[" + v.get(0) + ", " + v.get(1) + ", ... " + v.size() + " values]";
        }
        String s = v.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** Properties as Neo4j takes them; a JSON null (no value) is left out, as Neo4j stores no null. */
    public static Map<String, Object> properties(Map<String, JsonNode> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            Object value;
            try {
                value = value(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the property \"" + TokenNames.shown(k) + "\" holds " + e.getMessage(), e);
            }
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }

    /**
     * {@code props}, once every value is one Neo4j can hold ({@link StorableValues}); read before anything is written,
     * so a value the server would refuse fails the restore naming {@code where}, not halfway through.
     */
    static Map<String, JsonNode> requireStorable(Map<String, JsonNode> props, String where) {
        try {
            props.keySet().forEach(k -> TokenNames.require("the property key", k));
            properties(props).forEach(StorableValues::require);
        } catch (IllegalArgumentException e) {
            throw new GraphVaultException(where + ": " + e.getMessage() + "; the old script wrote values from Neo4j, so this"
                    + " file was edited or written by another tool. " + LegacyBackup.NOTHING_WRITTEN, e);
        }
        return props;
    }

    /** Plain JSON as Python wrote it. A JSON object is refused: {@code dict(node)} of a Neo4j node holds no map. */
    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                // longValue() would wrap it round to another number
                throw new IllegalArgumentException("the integer " + abbreviate(v) + ", which does not fit in 64 bits as Neo4j's do");
            }
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(value(e)));
            return list;
        }
        throw new IllegalArgumentException("the map " + abbreviate(v) + ": Neo4j holds no map as a property value");
    }
}
