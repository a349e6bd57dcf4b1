package io.graphvault.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Values;

/**
 * Reads property values written by {@link TypedValueCodec} back with their exact type, as driver parameters.
 * Everything that is not what the writer writes is refused, naming the value: a record is read so (by verify
 * and the restore alike) before anything is written.
 */
public final class TypedValueReader {

    private TypedValueReader() {
    }

    /**
     * Reads a property map written by {@link TypedValueCodec#writeProperties}; values come back as driver parameters, each one
     * Neo4j can hold ({@link StorableValues}).
     */
    public static Map<String, Object> readProperties(JsonNode node) {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"props\" must be an object, found " + node.getNodeType());
        }
        Map<String, Object> props = new LinkedHashMap<>(node.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = unescapeKey(f.getKey());
            Object value = readValue(f.getValue());
            StorableValues.require(key, value);
            props.put(key, value);
        }
        return props;
    }

    public static String unescapeKey(String key) {
        if (!key.startsWith("$")) {
            return key;
        }
        if (key.startsWith("$$")) {
            return key.substring(1);
        }
        throw new IllegalArgumentException("property key \"" + key + "\" starts with a single $: keys"
                + " starting with $ are written as $$");
    }

    public static Object readValue(JsonNode n) {
        switch (n.getNodeType()) {
            case STRING:
                return n.textValue();
            case BOOLEAN:
                return n.booleanValue();
            case NULL:
                return null;
            case NUMBER:
                if (n.isIntegralNumber()) {
                    if (!n.canConvertToLong()) {
                        throw new IllegalArgumentException("integer " + n + " does not fit in 64 bits");
                    }
                    return n.longValue();
                }
                return n.doubleValue();
            case ARRAY:
                List<Object> list = new ArrayList<>(n.size());
                for (JsonNode element : n) {
                    list.add(readValue(element));
                }
                return list;
            case OBJECT:
                return readTagged(n);
            default:
                throw new IllegalArgumentException("unexpected JSON value " + n.getNodeType());
        }
    }

    private static Object readTagged(JsonNode n) {
        JsonNode type = n.get(TypedValueCodec.TYPE);
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("a JSON object value must carry a \"$type\" tag: " + abbreviate(n));
        }
        String value = n.path("value").asText();
        switch (type.textValue()) {
            case "date":
                return LocalDate.parse(value);
            case "datetime":
                return value.endsWith("]") ? ZonedDateTime.parse(value) : OffsetDateTime.parse(value);
            case "localdatetime":
                return LocalDateTime.parse(value);
            case "time":
                return OffsetTime.parse(value);
            case "localtime":
                return LocalTime.parse(value);
            case "duration":
                return Values.isoDuration(integer(n, "months"), integer(n, "days"), integer(n, "seconds"),
                        smallInteger(n, "nanoseconds")).asIsoDuration();
            case "point":
                int srid = smallInteger(n, "srid");
                return n.has("z")
                        ? Values.point(srid, coordinate(n, "x"), coordinate(n, "y"), coordinate(n, "z")).asPoint()
                        : Values.point(srid, coordinate(n, "x"), coordinate(n, "y")).asPoint();
            case "bytes":
                return Base64.getDecoder().decode(value);
            case "double":
                return Double.parseDouble(value);
            default:
                throw new IllegalArgumentException("unknown value type \"" + type.textValue() + "\"");
        }
    }

    // The fields of a duration and a point are read strictly: Jackson's asLong() and asInt() would read a
    // missing field or "x" as 0, 1.9 as 1, and 5,000,000,000 nanoseconds as 705,032,704, a value other
    // than the backup's with nothing said.

    private static long integer(JsonNode tagged, String field) {
        JsonNode v = tagged.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw badField(tagged, field, "a 64-bit integer", v);
        }
        return v.longValue();
    }

    private static int smallInteger(JsonNode tagged, String field) {
        JsonNode v = tagged.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw badField(tagged, field, "a 32-bit integer", v);
        }
        return v.intValue();
    }

    /** A number, or the text of one (Jackson writes NaN and the infinities as strings). */
    private static double coordinate(JsonNode tagged, String field) {
        JsonNode v = tagged.get(field);
        if (v != null && v.isNumber()) {
            return v.doubleValue();
        }
        if (v != null && v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue());
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw badField(tagged, field, "a number", v);
    }

    private static IllegalArgumentException badField(JsonNode tagged, String field, String what, JsonNode found) {
        return new IllegalArgumentException("a \"" + tagged.get(TypedValueCodec.TYPE).textValue() + "\" value needs \"" + field + "\" as " + what
                + ", found " + (found == null ? "nothing" : abbreviate(found)) + ": " + abbreviate(tagged));
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
