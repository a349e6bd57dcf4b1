package io.graphvault.format;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fields of a tagged duration or point are what the writer wrote, or the value is refused by name. */
class TypedValueReaderTest {

    private static Object read(String json) throws IOException {
        return TypedValueReader.readValue(BackupJson.MAPPER.readTree(json));
    }

    @Test
    void aDurationOrPointWithAFieldOfAnotherTypeIsRefusedNotReadAsAnotherValue() {
        // before: 0 months, 1 day, 705,032,704 nanoseconds and a point at (0, 2), with nothing said
        String[][] cases = {
                {"{\"$type\":\"duration\",\"months\":\"x\",\"days\":1,\"seconds\":1,\"nanoseconds\":0}",
                        "a \"duration\" value needs \"months\" as a 64-bit integer, found \"x\""},
                {"{\"$type\":\"duration\",\"months\":0,\"days\":1.9,\"seconds\":1,\"nanoseconds\":0}",
                        "needs \"days\" as a 64-bit integer, found 1.9"},
                {"{\"$type\":\"duration\",\"months\":0,\"days\":1,\"seconds\":1,\"nanoseconds\":5000000000}",
                        "needs \"nanoseconds\" as a 32-bit integer, found 5000000000"},
                {"{\"$type\":\"duration\",\"months\":0,\"days\":1,\"nanoseconds\":0}", "needs \"seconds\" as a 64-bit integer, found nothing"},
                {"{\"$type\":\"point\",\"srid\":7203,\"y\":2}", "a \"point\" value needs \"x\" as a number, found nothing"},
                {"{\"$type\":\"point\",\"srid\":\"7203\",\"x\":1,\"y\":2}", "needs \"srid\" as a 32-bit integer, found \"7203\""},
                {"{\"$type\":\"point\",\"srid\":7203,\"x\":\"one\",\"y\":2}", "needs \"x\" as a number, found \"one\""}};
        for (String[] c : cases) {
            assertThatThrownBy(() -> read(c[0])).as(c[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void aDurationOrPointAsTheWriterWritesItIsReadBack() throws IOException {
        IsoDuration d = (IsoDuration) read("{\"$type\":\"duration\",\"value\":\"P14M2DT3.000000004S\",\"months\":14,\"days\":2,"
                + "\"seconds\":3,\"nanoseconds\":4}");
        assertThat(new long[] {d.months(), d.days(), d.seconds(), d.nanoseconds()}).containsExactly(14, 2, 3, 4);
        Point p = (Point) read("{\"$type\":\"point\",\"srid\":9157,\"x\":1.5,\"y\":-2,\"z\":\"NaN\"}");
        assertThat(p.srid()).isEqualTo(9157);
        assertThat(new double[] {p.x(), p.y()}).containsExactly(1.5, -2.0);
        assertThat(p.z()).isNaN();
    }
}
