package io.graphvault.restore;

import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.restore.NodeKeys.MergeKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeKeysTest {

    private static SchemaEntry unique(String name, String label, String... properties) {
        return new SchemaEntry(name, "UNIQUENESS", "NODE", List.of(label), List.of(properties), Map.of(), null, null);
    }

    @Test
    void aNodeIsKeyedByItsFirstLabelInLabelOrderThatHasAKeyAndAValue() {
        NodeKeys keys = NodeKeys.of(List.of(new NodeKey("Study", "doi"), new NodeKey("Paper", "id")));

        assertThat(keys.keyOf(List.of("Study", "Paper"), Map.of("id", 1L, "doi", "10.1/x"))).isEqualTo(new NodeKey("Paper", "id"));
        assertThat(keys.keyOf(List.of("Study", "Paper"), Map.of("doi", "10.1/x"))).isEqualTo(new NodeKey("Study", "doi"));
        assertThat(keys.keyOf(List.of("Other"), Map.of("id", 1L))).isNull();
    }

    @Test
    void keyOverridesReplaceTheExportedKeyOfTheirLabelAndAddNewOnes() {
        NodeKeys keys = NodeKeys.of(List.of(new NodeKey("Person", "id"))).with(Map.of("Person", "email", "City", "name"));

        assertThat(keys.keyOf(List.of("Person"), Map.of("id", 1L, "email", "a@b"))).isEqualTo(new NodeKey("Person", "email"));
        assertThat(keys.keyOf(List.of("Person"), Map.of("id", 1L))).isNull();
        assertThat(keys.keyOf(List.of("City"), Map.of("name", "Oslo"))).isEqualTo(new NodeKey("City", "name"));
    }

    @Test
    void aLabelWithOnlyACompositeConstraintIsMergedOnAllOfItsPropertiesAndTheSameSchemaAlwaysPicksTheSameOne() {
        List<SchemaEntry> constraints = List.of(unique("b", "Visit", "patient", "when"), unique("a", "Visit", "clinic", "when"),
                unique("single", "Person", "id"));
        NodeKeys keys = NodeKeys.of(List.of(new NodeKey("Person", "id"))).withComposite(constraints);

        assertThat(keys.mergeKeyOf(List.of("Visit"), Map.of("clinic", "c1", "patient", "p1", "when", 5L)))
                .isEqualTo(new MergeKey("Visit", List.of("clinic", "when")));
        assertThat(keys.mergeKeyOf(List.of("Visit"), Map.of("patient", "p1", "when", 5L))).as("one of its values missing").isNull();
        assertThat(keys.mergeKeyOf(List.of("Person", "Visit"), Map.of("id", 7L, "clinic", "c1", "when", 5L)))
                .as("a single key comes first").isEqualTo(new MergeKey("Person", List.of("id")));
        assertThat(keys.keyOf(List.of("Visit"), Map.of("clinic", "c1", "when", 5L)))
                .as("relationships find composite-keyed nodes by the helper id, not by a key").isNull();
        assertThat(keys.asLists()).containsExactly(List.of("Person", List.of("id")), List.of("Visit", List.of("clinic", "when")));
    }
}
