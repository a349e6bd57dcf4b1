package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of {@code serve}, each its own JVM as a user runs it, share one backup folder and
 * SERVE_CLUSTER=file:DIR: one leader takes the scheduled backups, the standbys none; killed (kill -9)
 * in the middle of a backup, the leader leaves no backup that looks complete, and a standby takes
 * the next slot.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeClusterIT {

    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final Pattern LEADER_GAUGE = Pattern.compile("(?m)^graphvault_cluster_leader (\\S+)$");

    @TempDir
    Path work;

    private final List<Replica> replicas = new ArrayList<>();

    private record Replica(Process process, int port, Path log) {

        String logText() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (Replica r : replicas) {
            r.process().destroy();
        }
        for (Replica r : replicas) {
            if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
                r.process().destroyForcibly();
            }
        }
    }

    @Test
    void oneOfThreeReplicasTakesEachScheduledBackupAndAStandbyTakesOverWhenTheLeaderIsKilledMidBackup() throws Exception {
        Path backups = work.resolve("backups");
        for (int i = 0; i < 3; i++) {
            replicas.add(start(backups, i));
        }

        // one leader, two standbys, each saying so on /observe/metrics
        await().atMost(Duration.ofSeconds(40)).until(() -> replicas.stream().filter(r -> leaderGauge(r) == 1).count() == 1
                && replicas.stream().filter(r -> leaderGauge(r) == 0).count() == 2);
        Replica leader = replicas.stream().filter(r -> leaderGauge(r) == 1).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(backups).size() >= 4);

        // the leader's log names every backup, the standbys' none; one backup per slot
        List<LocalBackupStore.Listing> before = completed(backups);
        for (LocalBackupStore.Listing b : before) {
            String id = b.dir().getFileName().toString();
            for (Replica r : replicas) {
                assertThat(r.logText().contains(id)).as("%s in the log of the replica on port %d", id, r.port())
                        .isEqualTo(r == leader);
            }
        }
        assertOneBackupPerSlot(before);
        for (Replica r : replicas) {
            if (r != leader) {
                assertThat(health(r)).contains("standby").contains("\"status\":\"UP\"");
            }
        }

        // kill -9 the leader while a backup is being written
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> !partials(backups).isEmpty());
        leader.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        List<String> leftBehind = partials(backups);
        assertThat(leftBehind).as("the killed backup's partial folder").hasSize(1);
        String killedId = leftBehind.get(0).replaceAll("^\\.(.*)\\.partial$", "$1");

        List<Replica> survivors = replicas.stream().filter(r -> r != leader).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(backups).size() > before.size());
        LocalBackupStore.Listing next = completed(backups).get(0);
        Duration failover = Duration.between(killed, Instant.parse(next.manifest().startedAt()));
        System.out.println("ServeClusterIT: a standby started the next backup " + failover.toMillis() + " ms after the kill");
        assertThat(failover).as("from kill -9 of the leader to the next backup's start").isLessThan(Duration.ofSeconds(20));

        // the killed backup never looks complete; the new leader's backup removed what it left
        assertThat(completed(backups)).extracting(l -> l.dir().getFileName().toString()).doesNotContain(killedId);
        assertThat(partials(backups)).doesNotContain(leftBehind.get(0));
        Replica newLeader = survivors.stream().filter(r -> r.logText().contains(next.dir().getFileName().toString()))
                .findFirst().orElseThrow();
        assertThat(newLeader.logText()).contains("removed " + leftBehind.get(0));
        assertThat(leaderGauge(newLeader)).isEqualTo(1);
        Replica standby = survivors.stream().filter(r -> r != newLeader).findFirst().orElseThrow();
        assertThat(leaderGauge(standby)).isZero();
        assertThat(standby.logText()).doesNotContain(next.dir().getFileName().toString());
    }

    /**
     * No Kubernetes cluster runs here; what can be proven without one: the product jar carries the Kubernetes
     * client (the OpenShift client is left out), and a replica that cannot reach the API server never leads, stays
     * ready, and says why.
     */
    @Test
    void aKubernetesReplicaThatCannotReachTheApiServerStandsByReadyAndSaysWhy() throws Exception {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD,
                work.resolve("backups")));
        env.put("SERVE_CLUSTER", "kubernetes:graphvault");
        env.put("KUBERNETES_MASTER", "https://127.0.0.1:" + Ports.free());
        env.put("HOSTNAME", "graphvault-0");
        env.put("BACKUP_INTERVAL", INTERVAL.toSeconds() + "s");
        env.put("SERVER_PORT", String.valueOf(port));
        Path log = work.resolve("serve-k8s.err");
        Replica r = new Replica(GraphVaultProcess.start(env, List.of(), work.resolve("serve-k8s.out"), log, "serve"), port, log);
        replicas.add(r);

        await().atMost(Duration.ofSeconds(60)).until(() -> r.logText().contains("Unable to retrieve the current lease resource"));
        assertThat(leaderGauge(r)).isZero();
        assertThat(get(r, "/observe/health/ready")).contains("\"status\":\"UP\"").doesNotContain("graphvault-backups");
        assertThat(health(r)).contains("standby: waits for the Lease graphvault-serve in namespace graphvault");
        assertThat(completed(work.resolve("backups"))).as("backups of a replica that never led").isEmpty();
    }

    /** Backups start an interval apart or more: a second writer's backup would start within a slot. */
    private static void assertOneBackupPerSlot(List<LocalBackupStore.Listing> newestFirst) {
        List<LocalBackupStore.Listing> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        for (int i = 1; i < oldestFirst.size(); i++) {
            Instant previous = Instant.parse(oldestFirst.get(i - 1).manifest().startedAt());
            Instant start = Instant.parse(oldestFirst.get(i).manifest().startedAt());
            assertThat(Duration.between(previous, start)).as("start of %s after the one before", oldestFirst.get(i).dir().getFileName())
                    .isGreaterThanOrEqualTo(INTERVAL.minusMillis(300));
        }
    }

    private Replica start(Path backups, int i) throws IOException {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD,
                backups));
        env.put("SERVE_CLUSTER", "file:" + work.resolve("cluster"));
        env.put("BACKUP_INTERVAL", INTERVAL.toSeconds() + "s");
        // a few records a file: a backup of the sample graph takes about a second, long enough to be
        // killed in the middle
        env.put("BACKUP_BATCH_SIZE", "3");
        env.put("SERVER_PORT", String.valueOf(port));
        Path log = work.resolve("serve-" + i + ".err");
        Process p = GraphVaultProcess.start(env, List.of(), work.resolve("serve-" + i + ".out"), log, "serve");
        return new Replica(p, port, log);
    }

    /** Completed backups, newest first, as {@code list} shows them. */
    private static List<LocalBackupStore.Listing> completed(Path backups) {
        return Files.isDirectory(backups) ? new LocalBackupStore(backups).list() : List.of();
    }

    private static List<String> partials(Path backups) throws IOException {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(backups)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".partial"))
                    .sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** The replica's graphvault_cluster_leader, or -1 while it does not answer. */
    private static double leaderGauge(Replica r) {
        try {
            Matcher m = LEADER_GAUGE.matcher(get(r, "/observe/metrics"));
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String health(Replica r) throws IOException {
        return get(r, "/observe/health?data=true");
    }

    private static String get(Replica r, String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
