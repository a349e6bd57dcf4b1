package io.graphvault.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.GraphVaultException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Type;
import org.neo4j.driver.types.TypeSystem;

/**
 * Writes Neo4j property values as JSON and reads them back with their exact type (backup format
 * {@code graphvault/1}, DESIGN.md section 2).
 *
 * <p>Strings, booleans, 64-bit integers and finite doubles are plain JSON; a double always keeps its
 * decimal point or exponent. Everything else is an object tagged with {@code $type}. A property key
 * that starts with {@code $} is written with one more {@code $} in front, so a user key can never be
 * mistaken for a tag.
 */
public final class TypedValueCodec {

    public static final String TYPE = "$type";
    private static final TypeSystem TS = TypeSystem.getDefault();
    private static final Type FLOAT = TS.FLOAT();

    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonGenerator g, Value v) throws IOException;
    }

    private static final Map<Type, ValueWriter> WRITERS = Map.ofEntries(
            Map.entry(TS.STRING(), (g, v) -> g.writeString(v.asString())),
            Map.entry(TS.INTEGER(), (g, v) -> g.writeNumber(v.asLong())),
            Map.entry(FLOAT, (g, v) -> writeDouble(g, v.asDouble())),
            Map.entry(TS.BOOLEAN(), (g, v) -> g.writeBoolean(v.asBoolean())),
            Map.entry(TS.LIST(), TypedValueCodec::writeList),
            Map.entry(TS.NULL(), (g, v) -> g.writeNull()),
            Map.entry(TS.DATE(), (g, v) -> writeTagged(g, "date", v.asLocalDate().toString())),
            Map.entry(TS.DATE_TIME(), (g, v) -> writeTagged(g, "datetime", formatDateTime(v.asZonedDateTime()))),
            Map.entry(TS.LOCAL_DATE_TIME(), (g, v) -> writeTagged(g, "localdatetime", v.asLocalDateTime().toString())),
            Map.entry(TS.TIME(), (g, v) -> writeTagged(g, "time", v.asOffsetTime().toString())),
            Map.entry(TS.LOCAL_TIME(), (g, v) -> writeTagged(g, "localtime", v.asLocalTime().toString())),
            Map.entry(TS.DURATION(), (g, v) -> writeDuration(g, v.asIsoDuration())),
            Map.entry(TS.POINT(), (g, v) -> writePoint(g, v.asPoint())),
            Map.entry(TS.BYTES(), (g, v) -> writeTagged(g, "bytes", Base64.getEncoder().encodeToString(v.asByteArray()))));

    private TypedValueCodec() {
    }

    // ---- writing -------------------------------------------------------------------------------

    /** Writes a property map as a JSON object with escaped keys and typed values, in the map's order. */
    public static void writeProperties(JsonGenerator g, Map<String, Value> props) throws IOException {
        writeProperties(g, props.keySet(), props::get, List.of());
    }

    /**
     * Writes a property map straight from the driver's map value, leaving out the keys in
     * {@code skip}. Reading each key from the value instead of {@code asMap} spares a copy of
     * every map the export streams.
     */
    public static void writeProperties(JsonGenerator g, Value props, Collection<String> skip) throws IOException {
        writeProperties(g, props.keys(), props::get, skip);
    }

    private static void writeProperties(JsonGenerator g, Iterable<String> keys, Function<String, Value> values,
            Collection<String> skip) throws IOException {
        g.writeStartObject();
        for (String key : keys) {
            if (skip.isEmpty() || !skip.contains(key)) {
                g.writeFieldName(escapeKey(key));
                writeValue(g, values.apply(key));
            }
        }
        g.writeEndObject();
    }

    /**
     * One small writer per type, looked up by the value's type and called through an interface. A
     * single method with a branch per type was the backup's most expensive compilation: the JIT
     * inlined every branch (dates, zones, points) into one large method and compiled it again each
     * time a type appeared for the first time, on a 2-core machine where the compiler's thread
     * competes with the export itself.
     */
    public static void writeValue(JsonGenerator g, Value v) throws IOException {
        ValueWriter writer = WRITERS.get(v.type());
        if (writer == null) {
            throw new GraphVaultException("cannot back up a value of type " + v.type().name()
                    + ": it is not a Neo4j property type");
        }
        writer.write(g, v);
    }

    /** Lists of floats (embeddings) stay in this loop; other elements go through their writer. */
    private static void writeList(JsonGenerator g, Value list) throws IOException {
        g.writeStartArray();
        for (Value element : list.values()) {
            if (element.type() == FLOAT) {
                writeDouble(g, element.asDouble());
            } else {
                writeValue(g, element);
            }
        }
        g.writeEndArray();
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d); // Double.toString: always "1.0", never "1"
        } else {
            writeTagged(g, "double", Double.toString(d)); // NaN, Infinity, -Infinity
        }
    }

    private static void writeTagged(JsonGenerator g, String type, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField(TYPE, type);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static String formatDateTime(ZonedDateTime t) {
        return t.getZone() instanceof ZoneOffset
                ? t.toOffsetDateTime().toString()
                : DateTimeFormatter.ISO_ZONED_DATE_TIME.format(t);
    }

    private static void writeDuration(JsonGenerator g, IsoDuration d) throws IOException {
        g.writeStartObject();
        g.writeStringField(TYPE, "duration");
        g.writeStringField("value", d.toString());
        g.writeNumberField("months", d.months());
        g.writeNumberField("days", d.days());
        g.writeNumberField("seconds", d.seconds());
        g.writeNumberField("nanoseconds", d.nanoseconds());
        g.writeEndObject();
    }

    private static void writePoint(JsonGenerator g, Point p) throws IOException {
        g.writeStartObject();
        g.writeStringField(TYPE, "point");
        g.writeNumberField("srid", p.srid());
        g.writeNumberField("x", p.x());
        g.writeNumberField("y", p.y());
        if (!Double.isNaN(p.z())) {
            g.writeNumberField("z", p.z());
        }
        g.writeEndObject();
    }

    public static String escapeKey(String key) {
        return key.startsWith("$") ? "$" + key : key;
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Reads a property map written by {@link #writeProperties}; values come back as driver parameters, each one
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
        JsonNode type = n.get(TYPE);
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
        return new IllegalArgumentException("a \"" + tagged.get(TYPE).textValue() + "\" value needs \"" + field + "\" as " + what
                + ", found " + (found == null ? "nothing" : abbreviate(found)) + ": " + abbreviate(tagged));
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
