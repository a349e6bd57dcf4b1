package io.graphvault.restore;

import io.graphvault.testing.BoltNotifications;
import io.graphvault.testing.Cli;
import io.graphvault.testing.LegacyScript;
import io.graphvault.testing.OnlyOnNeo4j2026;
import io.graphvault.testing.SampleGraph;
import io.graphvault.testing.TestNeo4j;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neo4j 2026 flags deprecated Cypher ({@code id()}, {@code CALL { WITH … }}, …) with a notification
 * on every query. Nothing GraphVault runs may draw one: backup, status, verify --against-db, a
 * plain restore (after --clear-first), a replay on top of it and a legacy restore, all on a 2026
 * server with Cypher 25 as its default language.
 */
@OnlyOnNeo4j2026
class NoNotificationsNeo4j2026IT {

    @TempDir
    Path backups;

    @TempDir
    Path legacy;

    private static boolean sourceIs2026() {
        return TestServices.source().version().startsWith("2026");
    }

    private static TestNeo4j neo4j2026() {
        return sourceIs2026() ? TestServices.source() : TestServices.other();
    }

    private static Driver driver2026() {
        return sourceIs2026() ? TestServices.sourceDriver() : TestServices.otherDriver();
    }

    @AfterEach
    void wipe() {
        TestServices.wipe(driver2026());
    }

    @Test
    void noQueryOfBackupStatusVerifyRestoreReplayOrLegacyRestoreDrawsANotificationOn2026() throws IOException {
        assertThat(neo4j2026().version()).startsWith("2026.");
        TestServices.wipe(driver2026());
        SampleGraph.load(driver2026(), "neo4j");
        try (Session s = driver2026().session()) {
            // keyless twins with parallel relationships: the replay's claims of nodes and relationships run too
            s.run("CREATE (a:Note {text: 'twin'}), (b:Note {text: 'twin'}), (c:Note {text: 'hub'})"
                    + " CREATE (a)-[:SEE {w: 1}]->(c), (a)-[:SEE {w: 1}]->(c), (b)-[:SEE {w: 2}]->(c)").consume();
        }
        LegacyScript.run(driver2026(), legacy.resolve("legacy"));
        Map<String, String> config = TestServices.config(neo4j2026(), backups);
        String backup = backups.resolve("nightly").toString();

        List<Cli.Result> results;
        List<String> notifications;
        int queries;
        try (BoltNotifications bolt = BoltNotifications.listen()) {
            results = List.of(Cli.run(config, "backup", "--name", "nightly"), Cli.run(config, "status"),
                    Cli.run(config, "verify", "--from", backup, "--against-db"),
                    Cli.run(config, "restore", "--from", backup, "--clear-first", "--yes"),
                    Cli.run(config, "restore", "--from", backup));
            Cli.run(config, "restore", "--from", legacy.resolve("legacy").toString(), "--clear-first", "--yes", "--no-safety-backup");
            notifications = bolt.notifications();
            queries = bolt.queries();
        }

        results.forEach(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
        assertThat(queries).as("queries seen").isGreaterThan(50);
        assertThat(notifications).isEmpty();
    }
}
