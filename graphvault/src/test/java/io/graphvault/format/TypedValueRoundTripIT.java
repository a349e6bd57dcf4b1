package io.graphvault.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Neo4j property type goes into a real database, out through {@code graphvault backup} into a
 * batch file, is decoded with {@link TypedValueCodec}, sent back to Neo4j as a parameter and compared
 * with what Neo4j held: same type, same value.
 */
@AlsoOnNeo4j2026
@GraphVaultTest(source = Holds.CLASS_DATA)
class TypedValueRoundTripIT {

    @TempDir
    static Path backups;

    /** What Neo4j returned for the node before the backup, by property key. */
    private static Map<String, Value> original;
    /** The node's line in the backup's node batch file. */
    private static JsonNode line;

    @BeforeAll
    static void backUpOneNodeCarryingEveryType() throws Exception {
        Driver driver = TestServices.sourceDriver();
        try (Session s = driver.session()) {
            s.run("CREATE (n:RoundTrip) SET n = $props", Map.of("props", everyType())).consume();
            original = s.run("MATCH (n:RoundTrip) RETURN properties(n) AS p").single().get("p").asMap(v -> v);
        }
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "types");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> nodes = BackupFolder.records(backups.resolve("types"), "nodes");
        assertThat(nodes).hasSize(1);
        line = nodes.get(0);
    }

    private static Map<String, Object> everyType() {
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

    @TestFactory
    Stream<DynamicTest> everyPropertyComesBackFromTheBackupFileWithItsTypeAndValue() {
        Map<String, Object> decoded = TypedValueReader.readProperties(line.get("props"));
        assertThat(decoded.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        assertThat(original).hasSize(everyType().size());
        return original.keySet().stream().sorted().map(key -> DynamicTest.dynamicTest(
                key + " comes back as " + original.get(key).type().name(), () -> {
                    Value expected = original.get(key);
                    Value actual = echo(decoded.get(key));
                    assertThat(actual.type().name()).as(key + " type").isEqualTo(expected.type().name());
                    assertSameValue(key, actual, expected);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyValueDecodesOnItsOwnToTheSameValue() {
        JsonNode props = line.get("props");
        return original.keySet().stream().sorted().map(key -> DynamicTest.dynamicTest(
                key + " decodes with readValue", () -> {
                    JsonNode json = props.get(TypedValueCodec.escapeKey(key));
                    assertThat(json).as("%s is in the file under its escaped key", key).isNotNull();
                    assertSameValue(key, echo(TypedValueReader.readValue(json)), original.get(key));
                }));
    }

    @Test
    void aWholeDoubleKeepsItsDecimalPointInTheFileAndDecodesAsADouble() {
        JsonNode props = line.get("props");
        assertThat(props.get("doubleOne").isDouble()).as(props.get("doubleOne").toString()).isTrue();
        assertThat(props.get("doubleOne").toString()).isEqualTo("1.0");
        assertThat(TypedValueReader.readValue(props.get("doubleOne"))).isInstanceOf(Double.class).isEqualTo(1.0);
        assertThat(TypedValueReader.readValue(props.get("listOfWholeDoubles"))).asList().containsExactly(1.0, 2.0, 3.0)
                .allMatch(Double.class::isInstance);
        assertThat(TypedValueReader.readValue(props.get("integerMax"))).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void doublesThatJsonCannotHoldAreTagged() {
        JsonNode props = line.get("props");
        assertThat(props.get("doubleNaN").path(TypedValueCodec.TYPE).asText()).isEqualTo("double");
        assertThat(props.get("doublePositiveInfinity").path("value").asText()).isEqualTo("Infinity");
        assertThat(props.get("doubleNegativeInfinity").path("value").asText()).isEqualTo("-Infinity");
        assertThat((Double) TypedValueReader.readValue(props.get("doubleNegativeZero"))).isEqualTo(-0.0)
                .matches(d -> Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(-0.0), "is negative zero");
    }

    @Test
    void userKeysThatStartWithADollarAreEscapedInTheFileAndRestoredExactly() {
        JsonNode props = line.get("props");
        assertThat(props.has("$$type")).isTrue();
        assertThat(props.has("$$$x")).isTrue();
        assertThat(props.has("$$")).isTrue();
        assertThat(props.has("$type")).isFalse();
        Map<String, Object> decoded = TypedValueReader.readProperties(props);
        assertThat(decoded).containsEntry("$type", "a user key that looks like the tag")
                .containsEntry("$$x", 42L).containsEntry("$", "just a dollar");
    }

    @Test
    void aZoneIdIsKeptNotFlattenedToAnOffset() {
        Object decoded = TypedValueReader.readValue(line.get("props").get("datetimeZoneId"));
        assertThat(decoded).isInstanceOf(ZonedDateTime.class);
        assertThat(((ZonedDateTime) decoded).getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(line.get("props").get("datetimeZoneId").path("value").asText()).endsWith("[Europe/Berlin]");
    }

    /** Neo4j's own reading of a decoded value: what a restore would store. */
    private static Value echo(Object decoded) {
        try (Session s = TestServices.sourceDriver().session()) {
            return s.run("RETURN $v AS v", Values.parameters("v", decoded)).single().get("v");
        }
    }

    /**
     * {@code Value.equals} compares doubles with {@code ==} inside lists and points, where NaN never
     * equals itself and -0.0 equals 0.0; comparing the bits makes both count.
     */
    private static void assertSameValue(String key, Value actual, Value expected) {
        if (expected.type().name().equals("FLOAT")) {
            assertThat(Double.doubleToRawLongBits(actual.asDouble())).as(key + ": " + actual + " vs " + expected)
                    .isEqualTo(Double.doubleToRawLongBits(expected.asDouble()));
        } else if (expected.type().name().equals("LIST OF ANY?")) {
            assertThat(actual.size()).as(key + " size").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).type().name()).as(key + "[" + i + "] type").isEqualTo(expected.get(i).type().name());
                assertSameValue(key + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.type().name().equals("BYTES")) {
            assertThat(actual.asByteArray()).as(key).isEqualTo(expected.asByteArray());
        } else {
            assertThat(actual).as(key).isEqualTo(expected);
            assertThat(actual.asObject()).as(key).isEqualTo(expected.asObject());
        }
    }
}
