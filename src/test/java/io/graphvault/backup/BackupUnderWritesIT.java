package io.graphvault.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.testing.BackupFolder;
import io.graphvault.testing.Cli;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * A nightly backup runs while the application writes. Neo4j's read transactions see what others
 * commit meanwhile, so relationships can appear to nodes the node pass never saw: the backup must
 * still hold both ends of every relationship it holds, and restore without a problem.
 */
class BackupUnderWritesIT {

    @TempDir
    Path backups;

    private final Driver db = TestServices.sourceDriver();

    @AfterEach
    void wipe() {
        TestServices.wipe(db);
    }

    @Test
    void relationshipsWrittenDuringTheBackupHaveBothTheirEndsInIt() throws Exception {
        TestServices.wipe(db);
        try (Session s = db.session()) {
            s.run("UNWIND range(1, 30000) AS i CREATE (:Item {k: i, text: 'item ' + i})").consume();
            s.run("MATCH (a:Item) WHERE a.k % 2 = 0 MATCH (b:Item {k: a.k - 1}) CREATE (a)-[:NEXT]->(b)").consume();
        }
        // the application: a new node and its relationship to an old one, again and again
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> application = CompletableFuture.runAsync(() -> {
            try (Session s = db.session()) {
                while (!stop.get()) {
                    long i = written.incrementAndGet();
                    s.run("MATCH (old:Item {k: 1}) CREATE (n:Late {k: $i})-[:SEES]->(old)", java.util.Map.of("i", i)).consume();
                }
            }
        });
        Cli.Result backup;
        try {
            backup = Cli.run(TestServices.config(TestServices.source(), backups), "backup", "--name", "busy", "--batch-size", "200");
        } finally {
            stop.set(true);
            application.get(60, TimeUnit.SECONDS);
        }
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(written.get()).as("writes during the backup").isGreaterThan(10);

        Path dir = backups.resolve("busy");
        Set<Long> nodes = new HashSet<>();
        for (JsonNode n : BackupFolder.records(dir, "nodes")) {
            nodes.add(n.path("id").asLong());
        }
        List<JsonNode> relationships = BackupFolder.records(dir, "relationships");
        List<String> dangling = relationships.stream()
                .filter(r -> !nodes.contains(r.path("start").asLong()) || !nodes.contains(r.path("end").asLong()))
                .map(JsonNode::toString).limit(3).toList();
        assertThat(dangling).as("relationships whose ends are not in the backup").isEmpty();
        assertThat(relationships.stream().filter(r -> r.path("type").asText().equals("SEES")).count())
                .as("relationships written while the backup ran").isPositive();

        TestServices.wipe(TestServices.targetDriver());
        Cli.Result restore = Cli.run(TestServices.config(TestServices.target(), backups), "restore", "--from", "busy");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        try (Session s = TestServices.targetDriver().session()) {
            assertThat(s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong()).isEqualTo(relationships.size());
            assertThat(s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong()).isEqualTo(nodes.size());
        }
        TestServices.wipe(TestServices.targetDriver());
    }
}
