package io.graphvault.format;

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
 * The property values Neo4j can hold, checked as a record is read: verify then finds a value no backup of a
 * real database holds before anything is written, where the server would refuse it in the middle of the
 * restore, after the batches before it. Every single value the backup format decodes is one Neo4j holds; a
 * list must hold values of one kind, none of them null, a list or a byte array, and points of one coordinate
 * system. Measured on 5.26 with a crafted backup of each: {@code [1, "a"]}, {@code [[1], [2]]}, {@code [1, null]},
 * a date and an integer, points of SRID 4326 and 7203, and a list of byte arrays were refused by the server
 * mid-restore ({@code Neo.ClientError.Statement.TypeError}); {@code [1, 2.5]} was stored as {@code [1.0, 2.5]},
 * the integer turned into a float, and the restore exited 0.
 */
public final class StorableValues {

    private StorableValues() {
    }

    /** Fails, naming the property, unless Neo4j can hold {@code value} as the value of property {@code key}. */
    public static void require(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            return;
        }
        Object first = null;
        Class<?> firstClass = null;
        for (Object element : list) {
            if (element == null) {
                throw bad(key, "holds a null in a list: Neo4j holds no null in a list");
            }
            // the common case first, an element of the first one's class (embeddings are lists of 1,536 doubles)
            if (element.getClass() != firstClass) {
                if (element instanceof List || element instanceof byte[]) {
                    throw bad(key, "holds a list of " + (element instanceof List ? "lists" : "byte arrays")
                            + ": Neo4j holds no list in a list (a byte array is one)");
                }
                if (first == null) {
                    first = element;
                    firstClass = element.getClass();
                } else if (!kindOf(first).equals(kindOf(element))) {
                    throw bad(key, "holds a list of " + kindOf(first) + " and " + kindOf(element) + " values: Neo4j holds a"
                            + " list of one type only" + (isNumber(first) && isNumber(element) ? " (it would store every integer in it"
                            + " as a float)" : ""));
                }
            }
            if (element instanceof Point p && p.srid() != ((Point) first).srid()) {
                throw bad(key, "holds points of two coordinate systems (SRID " + ((Point) first).srid() + " and " + p.srid()
                        + "): Neo4j holds a list of points of one only");
            }
        }
    }

    /** Cypher's name for the type of a value the backup format decodes. */
    private static String kindOf(Object v) {
        if (v instanceof Long) {
            return "INTEGER";
        } else if (v instanceof Double) {
            return "FLOAT";
        } else if (v instanceof String) {
            return "STRING";
        } else if (v instanceof Boolean) {
            return "BOOLEAN";
        } else if (v instanceof LocalDate) {
            return "DATE";
        } else if (v instanceof ZonedDateTime || v instanceof OffsetDateTime) {
            return "ZONED DATETIME";
        } else if (v instanceof LocalDateTime) {
            return "LOCAL DATETIME";
        } else if (v instanceof OffsetTime) {
            return "ZONED TIME";
        } else if (v instanceof LocalTime) {
            return "LOCAL TIME";
        } else if (v instanceof IsoDuration) {
            return "DURATION";
        } else if (v instanceof Point) {
            return "POINT";
        }
        return v.getClass().getSimpleName();
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    private static IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException("the property \"" + TokenNames.shown(key) + "\" " + problem
                + ", so no backup of a real database has such a value");
    }
}
