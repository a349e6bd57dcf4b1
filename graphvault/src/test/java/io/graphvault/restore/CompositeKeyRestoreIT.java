package io.graphvault.restore;

import io.graphvault.compare.GraphSnapshot;
import io.graphvault.testing.AlsoOnNeo4j2026;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes whose label is unique on several properties together ({@code REQUIRE (v.patient, v.day)
 * IS UNIQUE}): a replay into a live database must update them in place. Merged on the content
 * fingerprint instead, a changed node came back as a second node with the same key, and the
 * restore failed on the constraint, again at every re-run.
 */
@AlsoOnNeo4j2026
@GraphVaultTest(source = Holds.CLASS_DATA)
class CompositeKeyRestoreIT {

    @TempDir
    static Path backups;
    static GraphSnapshot source;

    @BeforeAll
    static void backUpVisits() {
        Driver db = TestServices.sourceDriver();
        try (Session s = db.session()) {
            s.run("CREATE CONSTRAINT visit_key FOR (v:Visit) REQUIRE (v.patient, v.day) IS UNIQUE").consume();
            s.run("UNWIND range(1, 500) AS i CREATE (:Visit {patient: 'p' + (i % 20), day: i, note: 'n' + i})").consume();
            // a visit without a day is outside the constraint: restored exactly, as a keyless node
            s.run("CREATE (:Visit {patient: 'p1', note: 'walk-in'})").consume();
            s.run("MATCH (a:Visit), (b:Visit) WHERE b.day = a.day + 1 CREATE (a)-[:NEXT {gap: 1}]->(b)").consume();
            s.run("MATCH (a:Visit {day: 7}), (b:Visit {day: 9}) CREATE (a)-[:REFERS]->(b), (a)-[:REFERS]->(b)").consume();
        }
        source = GraphSnapshot.take(db, "neo4j");
        Cli.Result r = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "visits");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private static Cli.Result restore() {
        return Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", "visits");
    }

    @Test
    void aRestoreIntoAnEmptyDatabaseAndASecondReplayReproduceTheSourceExactly() {
        for (int run = 1; run <= 2; run++) {
            Cli.Result r = restore();
            assertThat(r.exitCode()).as("run " + run + ": " + r).isZero();
            assertThat(GraphSnapshot.take(TestServices.targetDriver(), "neo4j").differences(source, 5)).as("run " + run).isEmpty();
        }
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("SHOW CONSTRAINTS YIELD name, properties RETURN name, properties").list(rec ->
                    rec.get("name").asString() + rec.get("properties").asList().toString()))
                    .containsExactly("visit_key[patient, day]");
            assertThat(s.run("MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH '_GraphVault') OR any(k IN keys(n)"
                    + " WHERE k STARTS WITH '_graphvault') RETURN count(n) AS c").single().get("c").asLong()).as("helpers left").isZero();
        }
    }

    @Test
    void aReplayIntoALiveDatabaseUpdatesChangedVisitsInPlaceAndPutsBackDeletedOnes() {
        assertThat(restore().exitCode()).isZero();
        Driver db = TestServices.targetDriver();
        try (Session s = db.session()) {
            s.run("MATCH (v:Visit {patient: 'p1', day: 1}) SET v.note = 'changed', v.extra = true").consume();
            s.run("MATCH (v:Visit {patient: 'p2', day: 2}) DETACH DELETE v").consume();
            s.run("MATCH (v:Visit {patient: 'p3', day: 3}) REMOVE v.note").consume();
        }
        Cli.Result r = restore();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Session s = db.session()) {
            assertThat(s.run("MATCH (v:Visit) RETURN count(v) AS c").single().get("c").asLong()).isEqualTo(501);
            Map<String, Object> changed = s.run("MATCH (v:Visit {patient: 'p1', day: 1}) RETURN properties(v) AS p")
                    .single().get("p").asMap();
            // the backup's values are back; a property the backup does not know is kept, as for every keyed node
            assertThat(changed).containsEntry("note", "n1").containsEntry("extra", true);
            assertThat(s.run("MATCH (v:Visit {patient: 'p3', day: 3}) RETURN v.note AS n").single().get("n").asString()).isEqualTo("n3");
            assertThat(s.run("MATCH (:Visit {day: 1})-[r:NEXT]->(:Visit {day: 2})-[q:NEXT]->(:Visit {day: 3}) RETURN count(*) AS c")
                    .single().get("c").asLong()).as("the deleted visit's relationships").isEqualTo(1);
            assertThat(s.run("MATCH ()-[r:NEXT]->() RETURN count(r) AS c").single().get("c").asLong()).isEqualTo(499);
            assertThat(s.run("MATCH (:Visit {day: 7})-[r:REFERS]->(:Visit {day: 9}) RETURN count(r) AS c").single().get("c").asLong())
                    .isEqualTo(2);
            assertThat(s.run("MATCH (v:Visit {note: 'walk-in'}) RETURN count(v) AS c").single().get("c").asLong()).isEqualTo(1);
        }
        try (Session s = db.session()) {
            s.run("MATCH (v:Visit {patient: 'p1', day: 1}) REMOVE v.extra").consume();
        }
        assertThat(GraphSnapshot.take(db, "neo4j").differences(source, 5)).isEmpty();
        assertThat(r.out()).contains("501 in backup");
    }
}
