package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportIdsTest {

    private static final String DB = "516f789e-0139-450f-84d4-eb5beaeecf57";

    @Test
    void theNumberOfAnElementIdIsTheExportIdAndTurnsBackIntoTheSameElementId() {
        ExportIds ids = new ExportIds("node", "b1");
        for (long n : List.of(0L, 7L, 1234567890123L, Long.MAX_VALUE)) {
            long id = ids.of("4:" + DB + ":" + n);

            assertThat(id).isEqualTo(n);
            assertThat(ids.elementId(id)).isEqualTo("4:" + DB + ":" + n);
        }
    }

    @Test
    void anElementIdOfAnotherShapeOrPrefixFailsTheBackupRatherThanGiveAWrongId() {
        ExportIds ids = new ExportIds("relationship", "b1");
        ids.of("5:" + DB + ":1");

        for (String other : List.of("5:" + DB + ":", "5:" + DB + ":01", "5:" + DB + ":-1", "5:" + DB + ":+1",
                "5:" + DB + ":1x", "5:" + DB + ":99999999999999999999", "6:" + DB + ":1", "5:other-db:1", "5:" + DB + ":1:2")) {
            assertThatThrownBy(() -> ids.of(other)).as(other).isInstanceOf(GraphVaultException.class)
                    .hasMessageContaining("backup b1: the server gave a relationship the element id '" + other + "'")
                    .hasMessageContaining("no backup was written");
        }
    }

    @Test
    void aFirstElementIdWithoutTheDocumentedShapeIsRefused() {
        for (String odd : List.of("42", "node-42", "4:" + DB, "x:" + DB + ":1", "4::1", "4:" + DB + ":007")) {
            assertThatThrownBy(() -> new ExportIds("node", "b2").of(odd)).as(odd).isInstanceOf(GraphVaultException.class)
                    .hasMessageContaining("not of the shape <kind>:<database id>:<number>");
        }
    }
}
