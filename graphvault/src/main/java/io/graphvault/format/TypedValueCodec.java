package io.graphvault.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Type;
import org.neo4j.driver.types.TypeSystem;

/**
 * Writes Neo4j property values as JSON with their exact type (backup format {@code graphvault/1},
 * docs/format.md); {@link TypedValueReader} reads them back.
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
}
