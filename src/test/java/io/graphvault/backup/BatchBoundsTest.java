package io.graphvault.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BackupJson;
import io.graphvault.format.TypedValueCodec;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

class BatchBoundsTest {

    @Test
    void aBatchEndsAtItsRecordCountOrItsBytesWhicheverComesFirst() {
        BatchBounds bounds = new BatchBounds(3, 1000);
        assertThat(bounds.fits(2, 100, 100)).isTrue();
        assertThat(bounds.fits(3, 100, 100)).as("the record bound").isFalse();
        assertThat(bounds.fits(2, 900, 100)).as("exactly the byte bound").isTrue();
        assertThat(bounds.fits(2, 901, 100)).as("over the byte bound").isFalse();
    }

    @Test
    void aRecordLargerThanTheByteBoundIsABatchOfItsOwn() {
        BatchBounds bounds = new BatchBounds(10, 1000);
        assertThat(bounds.fits(0, 0, 50_000)).isTrue();
        assertThat(bounds.fits(1, 50_000, 1)).isFalse();
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new BatchBounds(0, 10)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new BatchBounds(10, 0)).hasMessageContaining("batch bytes");
    }

    @Test
    void theEstimateOfAPropertyMapIsNeverBelowItsJson() throws Exception {
        List<Value> maps = List.of(
                Values.value(java.util.Map.of("embedding", Collections.nCopies(1536, -2.2250738585072014E-308))),
                Values.value(java.util.Map.of("n", Long.MIN_VALUE, "$odd key", "quote \" backslash \\ tab \t nul \u0000")),
                Values.value(java.util.Map.of("text", "é€😀".repeat(1000), "flag", true, "none", List.of())),
                Values.value(java.util.Map.of("when", ZonedDateTime.of(LocalDateTime.of(2026, 12, 2, 23, 59, 59, 123456789),
                        ZoneId.of("America/Argentina/ComodRivadavia")), "bytes", new byte[999], "nan", Double.NaN)),
                Values.value(java.util.Map.of("mixed", List.of(1L, "two", 3.0, List.of(4L)))));
        for (Value props : maps) {
            assertThat(JsonSizes.properties(props)).as(props.keys().toString()).isGreaterThanOrEqualTo(json(props));
        }
    }

    private static long json(Value props) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = BackupJson.FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(null);
            TypedValueCodec.writeProperties(g, props, List.of());
        }
        return out.size();
    }
}
