package io.graphvault.adminimport;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

/**
 * A property value as a field of {@code neo4j-admin database import}: the header type of its column and its text,
 * or null when the importer cannot carry it exactly (then it travels in the fix-up column, see {@link ImportFixups}).
 *
 * <p>What the importer does with each type was measured on 5.26 and 2026.08 (docs/admin-import.md): every field is
 * quoted but numbers and booleans, so delimiters, quotes and line breaks survive; a list is one field split on
 * {@link #ARRAY_DELIMITER}. It cannot write an empty list (an empty field is no property), a list of one empty
 * string (the same empty field), or a string element holding the delimiter.
 */
final class ImportValues {

    /** The array delimiter: U+001F (unit separator), which no label, key or list element is likely to hold. */
    static final char ARRAY_DELIMITER = '\u001f';
    /** How the delimiter is spelled on the importer's command line (its own notation for a character). */
    static final String ARRAY_DELIMITER_ARGUMENT = "U+001F";

    /** A field: its column's header type and its text as written between the delimiters. */
    record Field(String type, String text) {
    }

    private ImportValues() {
    }

    /**
     * Whether a header can name the key: the importer reads {@code (} as the start of an id group and <code>{</code> as
     * the start of options anywhere in a header entry, and drops the rest of the name (measured: {@code p(q)} became
     * {@code p}); and it reads the header as one line, so a quoted name cannot span lines.
     */
    static boolean canName(String key) {
        return key.indexOf('(') < 0 && key.indexOf('{') < 0 && key.indexOf('\n') < 0 && key.indexOf('\r') < 0;
    }

    /** The field for {@code value}, or null when the importer cannot carry it exactly. */
    static Field field(Object value) {
        if (value instanceof List<?> list) {
            return list(list);
        }
        String type = type(value);
        if (type == null) {
            return null;
        }
        String text = text(value);
        if (text == null) {
            return null;
        }
        return new Field(type, value instanceof Long || value instanceof Double || value instanceof Boolean ? text : quoted(text));
    }

    private static Field list(List<?> list) {
        if (list.isEmpty()) {
            return null;
        }
        String type = type(list.get(0));
        if (type == null || type.endsWith("[]")) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            String text = type.equals(type(list.get(i))) ? text(list.get(i)) : null;
            if (text == null || text.indexOf(ARRAY_DELIMITER) >= 0) {
                return null;
            }
            if (i > 0) {
                joined.append(ARRAY_DELIMITER);
            }
            joined.append(text);
        }
        if (joined.isEmpty()) {
            return null; // [""]: an empty field, which the importer reads as no property
        }
        return new Field(type + "[]", quoted(joined.toString()));
    }

    private static String type(Object v) {
        if (v instanceof String) {
            return "string";
        } else if (v instanceof Long) {
            return "long";
        } else if (v instanceof Double) {
            return "double";
        } else if (v instanceof Boolean) {
            return "boolean";
        } else if (v instanceof byte[]) {
            return "byte[]";
        } else if (v instanceof LocalDate) {
            return "date";
        } else if (v instanceof OffsetTime) {
            return "time";
        } else if (v instanceof LocalTime) {
            return "localtime";
        } else if (v instanceof LocalDateTime) {
            return "localdatetime";
        } else if (v instanceof OffsetDateTime || v instanceof ZonedDateTime) {
            return "datetime";
        } else if (v instanceof IsoDuration) {
            return "duration";
        } else if (v instanceof Point) {
            return "point";
        }
        return null;
    }

    /** The text of a single value (no quotes), or null when the importer cannot carry it. */
    private static String text(Object v) {
        if (v instanceof byte[] bytes) {
            if (bytes.length == 0) {
                return null;
            }
            StringBuilder s = new StringBuilder(bytes.length * 4);
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    s.append(ARRAY_DELIMITER);
                }
                s.append(bytes[i]);
            }
            return s.toString();
        } else if (v instanceof IsoDuration d) {
            return duration(d);
        } else if (v instanceof Point p) {
            return point(p);
        } else if (v instanceof Double d) {
            // Schubfach (the JDK's own algorithm from Java 19): the shortest text that reads back as the same double,
            // which Java 17's Double.toString does not always give
            return NumberOutput.toString(d, true);
        }
        // Long, Boolean, String, and the java.time types, whose
        // ISO text (zone ids in brackets, years past 9999 with their sign) Neo4j's temporal parser reads back
        return v.toString();
    }

    /** ISO-8601 with every part: months, days, then seconds with up to nine decimals (Neo4j reads each sign apart). */
    private static String duration(IsoDuration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.seconds()).add(BigDecimal.valueOf(d.nanoseconds(), 9));
        return "P" + d.months() + "M" + d.days() + "DT" + seconds.stripTrailingZeros().toPlainString() + "S";
    }

    private static String point(Point p) {
        String crs = switch (p.srid()) {
            case 4326 -> "wgs-84";
            case 4979 -> "wgs-84-3d";
            case 7203 -> "cartesian";
            case 9157 -> "cartesian-3d";
            default -> null;
        };
        boolean threeD = p.srid() == 4979 || p.srid() == 9157;
        if (crs == null || !Double.isFinite(p.x()) || !Double.isFinite(p.y()) || threeD && !Double.isFinite(p.z())) {
            return null;
        }
        return "{crs:" + crs + ",x:" + p.x() + ",y:" + p.y() + (threeD ? ",z:" + p.z() : "") + "}";
    }

    /** A quoted CSV field: quotes doubled, everything else (delimiters, line breaks) as it is. */
    static String quoted(String text) {
        if (text.indexOf('"') < 0) {
            return "\"" + text + "\"";
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
