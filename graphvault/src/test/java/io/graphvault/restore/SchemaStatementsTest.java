package io.graphvault.restore;

import io.graphvault.format.BackupSchema.SchemaEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaStatementsTest {

    private static SchemaEntry entry(String name, String type, String entity, List<String> on, List<String> properties,
            Map<String, Object> options, String propertyType) {
        return new SchemaEntry(name, type, entity, on, properties, options, "CREATE something the server wrote", propertyType);
    }

    @Test
    void constraintsAreBuiltFromTheStructuredFieldsWithEveryNameQuoted() {
        assertThat(SchemaRestorer.statement(entry("guideline_id", "NODE_PROPERTY_UNIQUENESS", "NODE", List.of("Guideline"),
                List.of("id"), Map.of(), null), true))
                .isEqualTo("CREATE CONSTRAINT `guideline_id` IF NOT EXISTS FOR (n:`Guideline`) REQUIRE (n.`id`) IS UNIQUE");
        assertThat(SchemaRestorer.statement(entry("k", "RELATIONSHIP_KEY", "RELATIONSHIP", List.of("CITES"), List.of("a", "b"),
                Map.of(), null), true))
                .isEqualTo("CREATE CONSTRAINT `k` IF NOT EXISTS FOR ()-[r:`CITES`]-() REQUIRE (r.`a`, r.`b`) IS RELATIONSHIP KEY");
        assertThat(SchemaRestorer.statement(entry("odd`name", "NODE_PROPERTY_EXISTENCE", "NODE", List.of("A`B"), List.of("p`q"),
                Map.of(), null), true))
                .isEqualTo("CREATE CONSTRAINT `odd``name` IF NOT EXISTS FOR (n:`A``B`) REQUIRE n.`p``q` IS NOT NULL");
    }

    @Test
    void aPropertyTypeIsWrittenOnlyWhenItIsATypeAndNothingElse() {
        SchemaEntry typed = entry("t", "NODE_PROPERTY_TYPE", "NODE", List.of("A"), List.of("p"), Map.of(), "LIST<INTEGER NOT NULL>");
        SchemaEntry injected = entry("t", "NODE_PROPERTY_TYPE", "NODE", List.of("A"), List.of("p"), Map.of(), "STRING} DETACH DELETE n//");

        assertThat(SchemaRestorer.statement(typed, true))
                .isEqualTo("CREATE CONSTRAINT `t` IF NOT EXISTS FOR (n:`A`) REQUIRE n.`p` IS :: LIST<INTEGER NOT NULL>");
        assertThat(SchemaRestorer.statement(injected, true)).isNull();
    }

    @Test
    void indexesTakeTheirSettingsAsAParameterNeverAsText() {
        assertThat(SchemaRestorer.statement(entry("guideline_text", "FULLTEXT", "NODE", List.of("Guideline", "Module"),
                List.of("title", "text"), Map.of(), null), false))
                .isEqualTo("CREATE FULLTEXT INDEX `guideline_text` IF NOT EXISTS FOR (n:`Guideline`|`Module`)"
                        + " ON EACH [n.`title`, n.`text`] OPTIONS {indexConfig: $config}");
        assertThat(SchemaRestorer.statement(entry("study_year", "RANGE", "NODE", List.of("Study"), List.of("year"), Map.of(), null),
                false)).isEqualTo("CREATE INDEX `study_year` IF NOT EXISTS FOR (n:`Study`) ON (n.`year`)");
        assertThat(SchemaRestorer.statement(entry("x", "LOOKUP", "NODE", List.of(), List.of(), Map.of(), null), false)).isNull();
    }

    @Test
    void aVectorIndexOf2026LosesTheSettings526RejectsAndSaysSo() {
        SchemaEntry vector = entry("embedding", "VECTOR", "NODE", List.of("Rec"), List.of("embedding"), Map.of("indexConfig",
                Map.of("vector.dimensions", 4L, "vector.similarity_function", "COSINE", "vector.quantization.type", "BINARY",
                        "vector.default_search_expansion_factor", 2.0)), null);

        IndexSettings.Translated on526 = new IndexSettings("5.26.30").translate(vector);
        IndexSettings.Translated on2026 = new IndexSettings("2026.08.1").translate(vector);

        assertThat(on526.config()).containsOnly(Map.entry("vector.dimensions", 4L), Map.entry("vector.similarity_function", "COSINE"),
                Map.entry("vector.quantization.enabled", true));
        assertThat(on526.changes()).hasSize(2).anySatisfy(c -> assertThat(c).contains("vector.default_search_expansion_factor")
                .contains("dropped"));
        assertThat(on2026.config()).containsEntry("vector.quantization.type", "BINARY")
                .containsEntry("vector.default_search_expansion_factor", 2.0);
        assertThat(on2026.changes()).isEmpty();
    }

    @Test
    void everyQuantizationTypeBut2026sNoneIsQuantizationOnFor526() {
        for (String type : List.of("BINARY", "SCALAR", "A_TYPE_OF_A_LATER_VERSION")) {
            SchemaEntry vector = entry("embedding", "VECTOR", "NODE", List.of("Rec"), List.of("embedding"),
                    Map.of("indexConfig", Map.of("vector.quantization.type", type)), null);
            IndexSettings.Translated on526 = new IndexSettings("5.26.30").translate(vector);
            assertThat(on526.config()).as(type).containsOnly(Map.entry("vector.quantization.enabled", true));
            assertThat(on526.changes()).as(type).containsExactly("index 'embedding': Neo4j 5.26.30 does not know vector.quantization.type: "
                    + type + " became vector.quantization.enabled true");
        }
        SchemaEntry none = entry("embedding", "VECTOR", "NODE", List.of("Rec"), List.of("embedding"),
                Map.of("indexConfig", Map.of("vector.quantization.type", "NONE")), null);
        assertThat(new IndexSettings("5.26.30").translate(none).config()).containsOnly(Map.entry("vector.quantization.enabled", false));
    }

    @Test
    void aVectorIndexOf2026WithFilterPropertiesKeepsThemOn2026AndLosesThemOn526SayingSo() {
        SchemaEntry filtered = entry("kq_embedding", "VECTOR", "NODE", List.of("KeyQuestion"), List.of("embedding", "year", "code"),
                Map.of("indexConfig", Map.of("vector.quantization.type", "NONE")), null);

        IndexSettings.Translated on2026 = new IndexSettings("2026.08.1").translate(filtered);
        IndexSettings.Translated on526 = new IndexSettings("5.26.30").translate(filtered);

        assertThat(SchemaRestorer.statement(on2026.entry(), false)).isEqualTo("CREATE VECTOR INDEX `kq_embedding` IF NOT EXISTS"
                + " FOR (n:`KeyQuestion`) ON (n.`embedding`) WITH [n.`year`, n.`code`] OPTIONS {indexConfig: $config}");
        assertThat(on2026.changes()).isEmpty();
        assertThat(SchemaRestorer.statement(on526.entry(), false)).isEqualTo("CREATE VECTOR INDEX `kq_embedding` IF NOT EXISTS"
                + " FOR (n:`KeyQuestion`) ON (n.`embedding`) OPTIONS {indexConfig: $config}");
        assertThat(on526.changes()).contains("index 'kq_embedding': Neo4j 5.26.30 does not know vector index filter properties:"
                + " year, code dropped (the index holds embedding alone)");
    }
}
