package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.demo.SampleGraph;
import io.graphvault.testing.Cli;
import io.graphvault.testing.LegacyFolderWriter;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** Folders written by the old Python scripts replay, and every relationship they cannot resolve is reported. */
class LegacyRestoreIT {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void wipe() {
        TestServices.wipe(TestServices.sourceDriver());
        TestServices.wipe(TestServices.targetDriver());
    }

    private Cli.Result restore(Path folder) {
        return Cli.run(TestServices.config(TestServices.target(), dir.resolve("backups")), "restore", "--from", folder.toString());
    }

    @Test
    void aLegacyFolderOfTheClinicalGraphRestoresEveryNodeAndEveryResolvableRelationship() throws Exception {
        SampleGraph.load(TestServices.sourceDriver(), "neo4j");
        Path legacy = dir.resolve("legacy-cpg");
        LegacyFolderWriter.write(TestServices.sourceDriver(), legacy);

        Cli.Result r = restore(legacy);
        long restored = relationshipTriples(TestServices.targetDriver()).size();
        Set<String> reported = new HashSet<>(r.err().lines().filter(l -> l.startsWith("  relationship "))
                .map(l -> l.split(" ")[3]).toList());
        assertThat(r.out()).as(r.toString()).contains("old Python script format").contains("214 in backup, 214 written");
        assertThat(countNodes(TestServices.targetDriver())).isEqualTo(SampleGraph.NODES);
        assertThat(restored + reported.size()).as(r.toString()).isEqualTo(SampleGraph.RELATIONSHIPS);
        assertThat(r.exitCode()).isEqualTo(reported.isEmpty() ? 0 : 1);
        assertThat(relationshipTriples(TestServices.sourceDriver())).containsAll(relationshipTriples(TestServices.targetDriver()));
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH (g:Guideline) RETURN g.published AS p").single().get(0).asString()).isEqualTo("2023-05-01");
        }

        Cli.Result again = restore(legacy);
        assertThat(countNodes(TestServices.targetDriver())).isEqualTo(SampleGraph.NODES);
        assertThat(relationshipTriples(TestServices.targetDriver())).hasSize((int) restored);
        assertThat(again.exitCode()).isEqualTo(r.exitCode());
    }

    @Test
    void endpointsNamedByANameAYearOrAnEmbeddingAreResolvedOrReportedOneByOne() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("legacy-handmade"));
        Files.writeString(legacy.resolve("Study_nodes.json"), """
                [{"title": "Trial A", "year": 2019, "study_id": "S-1"},
                 {"title": "Trial B", "year": 2019, "study_id": "S-2"},
                 {"title": "Trial C", "year": 2020, "study_id": "S-3"}]""");
        Files.writeString(legacy.resolve("Recommendation_nodes.json"), """
                [{"rec_id": "REC-1", "text": "Do this", "published": "2023-05-01"},
                 {"rec_id": "REC-2", "text": "Do that", "published": "2023-05-01"}]""");
        Files.writeString(legacy.resolve("relationships.json"), """
                [{"from_label": "Recommendation", "from_id": "REC-1", "type": "BASED_ON", "to_label": "Study", "to_id": "Trial A"},
                 {"from_label": "Recommendation", "from_id": "REC-2", "type": "BASED_ON", "to_label": "Study", "to_id": "S-3"},
                 {"from_label": "Recommendation", "from_id": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
                  "type": "BASED_ON", "to_label": "Study", "to_id": "Trial B"},
                 {"from_label": "Study", "from_id": 2019, "type": "CITES", "to_label": "Study", "to_id": "Trial C"},
                 {"from_label": "Guideline", "from_id": "CPG-1", "type": "HAS", "to_label": "Study", "to_id": "Trial C"}]""");
        Files.writeString(legacy.resolve("backup_summary.json"), "{\"total_nodes\": 5, \"total_relationships\": 5}");

        Cli.Result r = restore(legacy);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("2 created").contains("3 not restored");
        assertThat(r.out()).contains("merged on 'study_id'").contains("merged on 'rec_id'");
        assertThat(r.err()).contains("relationship 3 (BASED_ON) from Recommendation [0.1, 0.2, ... 17 values]: no Recommendation node has this value")
                .contains("embedding")
                .contains("relationship 4 (CITES) from Study 2019: ambiguous, 2 Study nodes have this value")
                .contains("relationship 5 (HAS) from Guideline \"CPG-1\": there is no Guideline_nodes.json");
        assertThat(relationshipTriples(TestServices.targetDriver()))
                .containsExactlyInAnyOrder("Recommendation:REC-1-BASED_ON->Study:S-1", "Recommendation:REC-2-BASED_ON->Study:S-3");
        assertThat(countNodes(TestServices.targetDriver())).isEqualTo(5);
    }

    @Test
    void moreUnresolvedRelationshipsThanFitOnScreenAreAllListedInAFileTheMessageNames() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("legacy-many"));
        Files.writeString(legacy.resolve("Memo_nodes.json"), "[{\"memo_id\": \"M-1\"}]");
        StringBuilder rels = new StringBuilder("[");
        for (int i = 1; i <= 600; i++) {
            rels.append(i > 1 ? "," : "").append("{\"from_label\": \"Memo\", \"from_id\": \"M-1\", \"type\": \"SEE\",")
                    .append(" \"to_label\": \"Note\", \"to_id\": \"N-").append(i).append("\"}");
        }
        Files.writeString(legacy.resolve("relationships.json"), rels.append("]").toString());
        Files.writeString(legacy.resolve("backup_summary.json"), "{\"total_nodes\": 1, \"total_relationships\": 600}");

        Cli.Result r = restore(legacy);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("all 600 are listed in (\\S+\\.txt)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        List<String> listed = Files.readAllLines(Path.of(m.group(1)));
        assertThat(listed).hasSize(600);
        assertThat(listed.get(599)).contains("relationship 600 (SEE)").contains("Note");
        assertThat(Path.of(m.group(1)).getParent()).isEqualTo(dir.resolve("backups").toAbsolutePath().normalize());
    }

    private static long countNodes(Driver driver) {
        try (Session s = driver.session()) {
            return s.run("MATCH (n) RETURN count(n)").single().get(0).asLong();
        }
    }

    /** Each relationship as "Label:key-TYPE->Label:key", keyed by the CPG id properties. */
    private static Set<String> relationshipTriples(Driver driver) {
        Map<String, String> keys = Map.of("Guideline", "guideline_id", "ClinicalModule", "module_id", "Recommendation", "rec_id",
                "KeyQuestion", "kq_id", "EvidenceBody", "eb_id", "Study", "study_id");
        try (Session s = driver.session()) {
            return new HashSet<>(s.run("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS la, properties(a) AS pa, type(r) AS t, "
                    + "labels(b)[0] AS lb, properties(b) AS pb").list(x -> {
                        String la = x.get("la").asString();
                        String lb = x.get("lb").asString();
                        return la + ":" + x.get("pa").get(keys.get(la)).asString() + "-" + x.get("t").asString() + "->"
                                + lb + ":" + x.get("pb").get(keys.get(lb)).asString();
                    }));
        }
    }
}
