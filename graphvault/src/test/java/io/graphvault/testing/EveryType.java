package io.graphvault.testing;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Values;

/** One value of every Neo4j property type, at its edges (extremes, NaN, zones, empty lists): properties of one node. */
public final class EveryType {

    private EveryType() {
    }

    public static Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("string", "plain ASCII");
        p.put("stringUnicode", "Grüße, Zürich — 東京, Ελληνικά, עברית");
        p.put("stringEmoji", "backup 🚀🧬👩‍⚕️ done");
        p.put("stringNewlines", "line one\nline two\r\n\ttabbed \"quoted\" \\ backslash");
        p.put("stringEmpty", "");
        p.put("stringLooksTagged", "{\"$type\": \"date\", \"value\": \"2023-05-01\"}");
        p.put("integerZero", 0L);
        p.put("integerMin", Long.MIN_VALUE);
        p.put("integerMax", Long.MAX_VALUE);
        p.put("integerBeyondDoublePrecision", 9_007_199_254_740_993L);
        p.put("doubleOne", 1.0);
        p.put("doubleNegativeZero", -0.0);
        p.put("doubleNaN", Double.NaN);
        p.put("doublePositiveInfinity", Double.POSITIVE_INFINITY);
        p.put("doubleNegativeInfinity", Double.NEGATIVE_INFINITY);
        p.put("doubleHuge", 1e308);
        p.put("doubleMaxValue", Double.MAX_VALUE);
        p.put("doubleSmallestSubnormal", 4.9e-324);
        p.put("doubleThird", 1.0 / 3.0);
        p.put("booleanTrue", true);
        p.put("booleanFalse", false);
        p.put("bytes", new byte[] {0, 1, -1, 127, -128, 10, 13});
        p.put("bytesEmpty", new byte[0]);
        p.put("date", LocalDate.of(2023, 5, 1));
        p.put("dateFarFuture", LocalDate.of(99_999, 12, 31));
        p.put("dateBeforeCommonEra", LocalDate.of(-4000, 1, 1));
        p.put("time", OffsetTime.of(10, 15, 30, 123_456_789, ZoneOffset.ofHoursMinutes(5, 30)));
        p.put("timeWholeMinute", OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHours(-8)));
        p.put("localtime", LocalTime.of(23, 59, 59, 999_999_999));
        p.put("datetimeOffset", OffsetDateTime.of(2023, 5, 1, 10, 15, 30, 123_456_789, ZoneOffset.ofHours(2)));
        p.put("datetimeUtc", OffsetDateTime.of(2023, 5, 1, 10, 15, 30, 1, ZoneOffset.UTC));
        p.put("datetimeZoneId", ZonedDateTime.of(2023, 5, 1, 10, 15, 30, 123_456_789, ZoneId.of("Europe/Berlin")));
        // The second 02:30 of the autumn clock change: only the offset tells it from the first.
        p.put("datetimeZoneIdAmbiguous", ZonedDateTime.ofStrict(LocalDateTime.of(2023, 10, 29, 2, 30, 0, 5),
                ZoneOffset.ofHours(1), ZoneId.of("Europe/Berlin")));
        p.put("localdatetime", LocalDateTime.of(2023, 5, 1, 10, 15, 30, 987_654_321));
        p.put("duration", Values.isoDuration(14, 3, 3_723, 456_000_789).asIsoDuration());
        p.put("durationNegative", Values.isoDuration(-1, -2, -3, -4).asIsoDuration());
        p.put("durationZero", Values.isoDuration(0, 0, 0, 0).asIsoDuration());
        p.put("pointCartesian2d", Values.point(7203, 1.5, -2.0).asPoint());
        p.put("pointCartesian3d", Values.point(9157, 1.0, 2.0, 3.25).asPoint());
        p.put("pointWgs84", Values.point(4326, 13.404954, 52.520008).asPoint());
        p.put("pointWgs843d", Values.point(4979, -0.1276, 51.5072, 35.0).asPoint());
        p.put("$type", "a user key that looks like the tag");
        p.put("$$x", 42L);
        p.put("$", "just a dollar");
        p.put("listOfStrings", List.of("a", "ü", "🚀", "two\nlines", ""));
        p.put("listOfIntegers", List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
        p.put("listOfDoubles", List.of(1.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308, 4.9e-324));
        p.put("listOfWholeDoubles", List.of(1.0, 2.0, 3.0));
        p.put("listOfBooleans", List.of(true, false, true));
        p.put("listOfDates", List.of(LocalDate.of(2023, 5, 1), LocalDate.of(1970, 1, 1)));
        p.put("listOfTimes", List.of(OffsetTime.of(1, 2, 3, 4, ZoneOffset.ofHours(1)), OffsetTime.of(5, 6, 7, 8, ZoneOffset.ofHours(-3))));
        p.put("listOfLocaltimes", List.of(LocalTime.of(0, 0), LocalTime.of(12, 0, 0, 1)));
        p.put("listOfDatetimes", List.of(OffsetDateTime.of(2023, 5, 1, 10, 0, 0, 7, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999, ZoneOffset.ofHours(-5))));
        p.put("listOfZonedDatetimes", List.of(ZonedDateTime.of(2023, 5, 1, 10, 0, 0, 7, ZoneId.of("Europe/Berlin")),
                ZonedDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneId.of("America/New_York"))));
        p.put("listOfLocaldatetimes", List.of(LocalDateTime.of(2023, 5, 1, 10, 0, 0, 1), LocalDateTime.of(1, 1, 1, 0, 0)));
        p.put("listOfDurations", List.of(Values.isoDuration(1, 2, 3, 4).asIsoDuration(), Values.isoDuration(0, 0, 86_400, 0).asIsoDuration()));
        p.put("listOfPoints2d", List.of(Values.point(7203, 0.0, 0.0).asPoint(), Values.point(7203, 1.0, 1.0).asPoint()));
        p.put("listOfPoints3d", List.of(Values.point(9157, 0.0, 0.0, 0.0).asPoint(), Values.point(9157, 1.0, 2.0, 3.0).asPoint()));
        p.put("listOfWgs84Points", List.of(Values.point(4326, 13.4, 52.5).asPoint(), Values.point(4326, -74.0, 40.7).asPoint()));
        p.put("listOfWgs843dPoints", List.of(Values.point(4979, 13.4, 52.5, 34.0).asPoint()));
        p.put("listEmpty", List.of());
        return p;
    }
}
