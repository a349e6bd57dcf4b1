package io.graphvault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

@AlsoOnNeo4j2026
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class RestoreRoundTripIT {

    @TempDir
    static Path backups;
    static GraphSnapshot source;

    @BeforeAll
    static void backUpTheClinicalGraph() {
        source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "cpg");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private static Cli.Result restore(String... extra) {
        String[] args = new String[2 + extra.length + 1];
        args[0] = "restore";
        args[1] = "--from";
        args[2] = backups.resolve("cpg").toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.run(TestServices.config(TestServices.target(), backups), args);
    }

    private static Driver target() {
        return TestServices.targetDriver();
    }

    @Test
    void aRestoreIntoAnEmptyDatabaseReproducesTheSourceGraphExactly() {
        Cli.Result r = restore();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("complete").contains("214 in backup, 214 written");

        GraphSnapshot restored = GraphSnapshot.take(target(), "neo4j");
        assertThat(restored.differences(source, 10)).isEmpty();
        assertThat(restored.nodes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SampleGraph.NODES);
        assertThat(restored.relationships().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(SampleGraph.RELATIONSHIPS);

        try (Session s = target().session()) {
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN name").list(x -> x.get(0).asString()))
                    .containsExactlyInAnyOrder("guideline_id", "module_id", "rec_id", "kq_id", "eb_id", "study_id");
            assertThat(s.run("SHOW INDEXES YIELD name, type, state WHERE type IN ['FULLTEXT', 'VECTOR', 'RANGE'] "
                    + "AND name IN ['guideline_text', 'recommendation_embedding', 'study_year'] RETURN name, state")
                    .list(x -> x.get("state").asString())).containsExactly("ONLINE", "ONLINE", "ONLINE");
            assertThat(s.run("SHOW INDEXES YIELD name WHERE name STARTS WITH 'graphvault' RETURN name").list()).isEmpty();
            assertThat(s.run("MATCH (n:_GraphVaultRestore) RETURN count(n)").single().get(0).asLong()).isZero();
            assertThat(s.run("MATCH (n) WHERE n._graphvault_id IS NOT NULL OR n._graphvault_fp IS NOT NULL RETURN count(n)")
                    .single().get(0).asLong()).isZero();
        }
        assertThat(topVectorHit(target())).isEqualTo(topVectorHit(TestServices.sourceDriver()));
        assertThat(fulltextHits(target())).isEqualTo(fulltextHits(TestServices.sourceDriver()));
    }

    private static String topVectorHit(Driver driver) {
        try (Session s = driver.session()) {
            List<Object> probe = s.run("MATCH (r:Recommendation {rec_id: 'REC-7'}) RETURN r.embedding AS e").single().get(0).asList();
            return s.run("CALL db.index.vector.queryNodes('recommendation_embedding', 3, $v) YIELD node, score "
                    + "WHERE node.rec_id <> 'REC-7' RETURN node.rec_id AS id ORDER BY score DESC LIMIT 1",
                    Values.parameters("v", probe)).single().get(0).asString();
        }
    }

    private static List<String> fulltextHits(Driver driver) {
        try (Session s = driver.session()) {
            return s.run("CALL db.index.fulltext.queryNodes('guideline_text', 'intervention 12') YIELD node, score "
                    + "RETURN coalesce(node.rec_id, node.study_id) AS id ORDER BY score DESC, id LIMIT 5").list(x -> x.get(0).asString());
        }
    }

    @Test
    void replayingTwiceLeavesTheSameGraphAsReplayingOnce() {
        assertThat(restore().exitCode()).isZero();
        GraphSnapshot once = GraphSnapshot.take(target(), "neo4j");
        Cli.Result again = restore();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 created, 221 already there");
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(once, 10)).isEmpty();
    }

    @Test
    void aReplayPutsBackChangedAndDeletedRelationshipsInPlaceWithoutDuplicates() {
        assertThat(restore().exitCode()).isZero();
        try (Session s = target().session()) {
            s.run("MATCH (:EvidenceBody {eb_id: 'EB-1'})-[r:INCLUDES]->(:Study {study_id: 'S-12'}) SET r.since = date('1999-01-01')").consume();
            s.run("MATCH (:Recommendation {rec_id: 'REC-3'})-[r:PART_OF]->() DELETE r").consume();
        }
        Cli.Result again = restore();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("1 created, 220 already there");
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
    }

    @Test
    void aReplayIntoALiveDatabaseUpdatesKeyedNodesInPlaceWithoutDuplicates() {
        try (Session s = target().session()) {
            s.run("CREATE CONSTRAINT study_id FOR (n:Study) REQUIRE n.study_id IS UNIQUE").consume();
            s.run("UNWIND range(1, 77) AS i CREATE (:Study {study_id: 'S-' + i, title: 'stale title', local_note: 'kept'})").consume();
            s.run("CREATE (:Scratch {name: 'not in the backup'})").consume();
        }
        Cli.Result r = restore();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Session s = target().session()) {
            assertThat(s.run("MATCH (n:Study) RETURN count(n)").single().get(0).asLong()).isEqualTo(154);
            assertThat(s.run("MATCH (n:Study {title: 'stale title'}) RETURN count(n)").single().get(0).asLong()).isZero();
            assertThat(s.run("MATCH (n:Study {study_id: 'S-5'}) RETURN n.title AS t, n.local_note AS k").single())
                    .satisfies(rec -> {
                        assertThat(rec.get("t").asString()).isEqualTo("Randomised trial 5 of glycaemic control");
                        assertThat(rec.get("k").asString()).isEqualTo("kept");
                    });
            assertThat(s.run("MATCH (n:Scratch) RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
            assertThat(s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong()).isEqualTo(SampleGraph.RELATIONSHIPS);
        }
    }

    @Test
    void aDryRunVerifiesAndReportsButWritesNothing() {
        Cli.Result r = restore("--dry-run");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("nothing written").contains("would merge 154 nodes labelled Study")
                .contains("would create index recommendation_embedding (VECTOR)");
        assertThat(GraphSnapshot.take(target(), "neo4j").nodes()).isEmpty();
    }

    @Test
    void clearFirstRefusesWithoutYesAndOtherwiseTakesASafetyBackupFirst() {
        try (Session s = target().session()) {
            s.run("CREATE (:Precious {name: 'about to be replaced'})").consume();
        }
        Cli.Result refused = restore("--clear-first");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("--yes");
        try (Session s = target().session()) {
            assertThat(s.run("MATCH (n:Precious) RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
        }

        Cli.Result r = restore("--clear-first", "--yes");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("safety backup:  pre-restore-");
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
        String safety = r.out().lines().filter(l -> l.contains("safety backup:")).findFirst().orElseThrow()
                .replaceAll(".*safety backup:\\s+", "").trim();
        Cli.Result verify = Cli.run(TestServices.config(TestServices.target(), backups), "verify", "--from", safety);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("intact");
    }

    @Test
    void keyOverridesMergeOnTheChosenProperty() {
        Cli.Result r = restore("--key", "Study=title");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
        assertThat(restore("--key", "Study=title").exitCode()).isZero();
        assertThat(GraphSnapshot.take(target(), "neo4j").differences(source, 10)).isEmpty();
        try (Session s = target().session()) {
            assertThat(s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE type = 'RANGE'"
                    + " AND labelsOrTypes = ['Study'] AND properties = ['title'] RETURN name").list())
                    .as("the range index that served --key is not left behind").isEmpty();
        }
    }

    @Test
    void verifyAgainstTheDatabaseFindsNoDifferenceAfterARestoreAndNamesTheLabelThatChanged() {
        assertThat(restore().exitCode()).isZero();
        String from = backups.resolve("cpg").toString();
        Cli.Result same = Cli.run(config(), "verify", "--from", from, "--against-db");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).contains("the database matches backup cpg");

        try (Session s = target().session()) {
            s.run("MATCH (n:Study {study_id: 'S-9'}) SET n.year = 1900").consume();
            s.run("MATCH ()-[r:INCLUDES]->() WITH r LIMIT 1 DELETE r").consume();
        }
        Cli.Result changed = Cli.run(config(), "verify", "--from", from, "--against-db");
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.out()).contains("nodes labelled [Study]: 154 on both sides, but their properties differ")
                .contains("relationships of type INCLUDES: 136 in the backup, 135 in the database");
        assertThat(changed.err()).contains("differs from backup cpg");
    }

    static Map<String, String> config() {
        return TestServices.config(TestServices.target(), backups);
    }
}
