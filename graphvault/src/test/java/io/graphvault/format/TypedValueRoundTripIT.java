package io.graphvault.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EveryType;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
            s.run("CREATE (n:RoundTrip) SET n = $props", Map.of("props", EveryType.properties())).consume();
            original = s.run("MATCH (n:RoundTrip) RETURN properties(n) AS p").single().get("p").asMap(v -> v);
        }
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "types");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> nodes = BackupFolder.records(backups.resolve("types"), "nodes");
        assertThat(nodes).hasSize(1);
        line = nodes.get(0);
    }

    @TestFactory
    Stream<DynamicTest> everyPropertyComesBackFromTheBackupFileWithItsTypeAndValue() {
        Map<String, Object> decoded = TypedValueReader.readProperties(line.get("props"));
        assertThat(decoded.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        assertThat(original).hasSize(EveryType.properties().size());
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
