package io.graphvault.restore;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels, types and keys are untrusted input to the restore: a backup made of hostile names must
 * come back exactly, and none of it may run as Cypher.
 */
@AlsoOnNeo4j2026
@GraphVaultTest
class HostileGraphRestoreIT {

    static final String EVIL = "x`}) DETACH DELETE n //";

    @TempDir
    Path backups;

    @BeforeEach
    void buildHostileGraph() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE CONSTRAINT hostile_key FOR (n:`we``ird label`) REQUIRE n.`k``ey` IS UNIQUE").consume();
            s.run("CREATE (a:`we``ird label`:`Ünïcødé 🚀` {`k``ey`: 'a', `" + EVIL.replace("`", "``") + "`: 'boom', `$type`: 'date', `a b`: 1.0}) "
                    + "CREATE (b:`" + EVIL.replace("`", "``") + "` {name: 'b', nan: $nan, empty: [], big: $big, "
                    + "inf: $inf, list: [1.5, -0.0], `$$x`: true}) "
                    + "CREATE (c) "
                    + "CREATE (d:Tag {name: 'twin'}) CREATE (e:Tag {name: 'twin'}) "
                    + "CREATE (a)-[:`REL ``type`` with spaces` {`" + EVIL.replace("`", "``") + "`: 1}]->(b) "
                    + "CREATE (a)-[:PARALLEL {w: 1}]->(b) CREATE (a)-[:PARALLEL {w: 1}]->(b) CREATE (a)-[:PARALLEL {w: 2}]->(b) "
                    + "CREATE (c)-[:SELF]->(c) CREATE (d)-[:TWIN]->(e) CREATE (e)-[:TWIN]->(d) CREATE (c)-[:TO_TWIN]->(d)",
                    Values.parameters("nan", Double.NaN, "inf", Double.NEGATIVE_INFINITY, "big", "é".repeat(1 << 19))).consume();
        }
        try (Session s = TestServices.targetDriver().session()) {
            s.run("CREATE (:Canary {alive: true})").consume();
        }
    }

    @Test
    void indexesOnNamesWithPercentSignsComeBackOnExactlyThoseNames() {
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("CREATE (:`100%Off` {p: 1}), (:`A%%B` {q: 'x'})").consume();
            s.run("CREATE INDEX `sale %s` FOR (n:`100%Off`) ON (n.p)").consume();
            s.run("CREATE TEXT INDEX `%d` FOR (n:`A%%B`) ON (n.`q%`)").consume();
        }
        assertThat(Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "percent").exitCode()).isZero();

        Cli.Result r = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from",
                backups.resolve("percent").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE name IN ['sale %s', '%d']"
                    + " RETURN name + ' ' + type + ' ' + labelsOrTypes[0] + ' ' + properties[0] AS i ORDER BY i")
                    .list(x -> x.get(0).asString())).containsExactly("%d TEXT A%%B q%", "sale %s RANGE 100%Off p");
        }
    }

    @Test
    void aGraphOfHostileNamesAndOddValuesRestoresExactlyAndRunsNoInjectedCypher() {
        Map<String, String> sourceConfig = TestServices.config(TestServices.source(), backups);
        assertThat(Cli.run(sourceConfig, "backup", "--name", "hostile").exitCode()).isZero();
        GraphSnapshot source = GraphSnapshot.take(TestServices.sourceDriver(), "neo4j");

        Map<String, String> targetConfig = TestServices.config(TestServices.target(), backups);
        String from = backups.resolve("hostile").toString();
        Cli.Result r = Cli.run(targetConfig, "restore", "--from", from);
        assertThat(r.exitCode()).as(r.toString()).isZero();

        GraphSnapshot restored = GraphSnapshot.take(TestServices.targetDriver(), "neo4j");
        assertThat(restored.nodes()).containsKey("[Canary]{\"alive\":true}");
        restored.nodes().remove("[Canary]{\"alive\":true}");
        assertThat(restored.differences(source, 10)).isEmpty();

        Cli.Result again = Cli.run(targetConfig, "restore", "--from", from);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        GraphSnapshot twice = GraphSnapshot.take(TestServices.targetDriver(), "neo4j");
        twice.nodes().remove("[Canary]{\"alive\":true}");
        assertThat(twice.differences(source, 10)).isEmpty();

        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("SHOW CONSTRAINTS YIELD name RETURN name").list(x -> x.get(0).asString())).contains("hostile_key");
            assertThat(s.run("MATCH (n) WHERE n.nan <> n.nan RETURN count(n)").single().get(0).asLong()).isEqualTo(1);
            assertThat(s.run("MATCH ()-[r:PARALLEL]->() RETURN count(r)").single().get(0).asLong()).isEqualTo(3);
            assertThat(s.run("MATCH (t:Tag) RETURN count(t)").single().get(0).asLong()).isEqualTo(2);
        }
    }
}
