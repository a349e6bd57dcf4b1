package io.graphvault.serve;

import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code serve} writes to its log, read as an operator reads it: from the stderr of its own
 * JVM. A failed scheduled backup is one line (the stack trace only with {@code --verbose}), and a
 * rejected trigger is logged with its reason.
 */
class ServeLogIT {

    @TempDir
    Path work;

    @Test
    void eachFailedScheduledBackupIsOneLineNamingTheCauseWithoutAStackTrace() throws Exception {
        String uri = "bolt://127.0.0.1:" + Ports.free();

        String log = serveUntil(unreachableNeo4j(uri), List.of(), l -> failures(l, uri) >= 2);

        assertThat(log).as(log).doesNotContain("\tat ").doesNotContain("Caused by").doesNotContain("SedaConsumer");
        List<String> failures = log.lines().filter(l -> l.contains("failed")).toList();
        assertThat(failures).as(log).allSatisfy(l -> assertThat(l).contains("cannot reach Neo4j at " + uri));
        // one line per backup that failed: each names its own backup id
        assertThat(failures.stream().map(l -> l.replaceAll(".*backup (\\S+) failed.*", "$1")).distinct().count())
                .as(log).isEqualTo(failures.size());
    }

    @Test
    void verboseAddsTheStackTraceOfAFailedScheduledBackup() throws Exception {
        String uri = "bolt://127.0.0.1:" + Ports.free();

        String log = serveUntil(unreachableNeo4j(uri), List.of("--verbose"), l -> failures(l, uri) >= 1);

        assertThat(log).contains("ServiceUnavailableException").contains("\tat ");
    }

    @Test
    void aRejectedTriggerIsLoggedWithItsReason() throws Exception {
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("nightly.json"), "{\"name\": \"ok\", \"colour\": \"blue\"}");
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD,
                work.resolve("backups")));
        env.put("BACKUP_INBOX", inbox.toString());
        env.put("SERVER_PORT", String.valueOf(Ports.free()));

        Path moved = inbox.resolve(".failed/nightly.json");

        String log = serveUntil(env, List.of(), l -> Files.exists(moved));

        assertThat(log.lines().filter(l -> l.contains("nightly.json")).toList()).as(log)
                .anySatisfy(l -> assertThat(l).contains("unknown field \"colour\""));
        assertThat(inbox.resolve(".failed/nightly.json.error.txt")).content().contains("unknown field \"colour\"");
    }

    private Map<String, String> unreachableNeo4j(String uri) throws IOException {
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(uri, TestServices.PASSWORD, work.resolve("backups")));
        // backup ids are UTC seconds: at 1 s, two attempts could start within one second and share an id
        env.put("BACKUP_INTERVAL", "2s");
        env.put("SERVER_PORT", String.valueOf(Ports.free()));
        return env;
    }

    private static long failures(String log, String uri) {
        return log.lines().filter(l -> l.contains("cannot reach Neo4j at " + uri)).count();
    }

    /** Runs {@code serve} in its own JVM until its stderr satisfies {@code done}, stops it and returns that stderr. */
    private String serveUntil(Map<String, String> env, List<String> options, java.util.function.Predicate<String> done)
            throws Exception {
        Path out = work.resolve("serve.out");
        Path err = work.resolve("serve.err");
        List<String> args = new java.util.ArrayList<>(options);
        args.add(0, "serve");
        Process serve = GraphVaultProcess.start(env, List.of(), out, err, args.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> done.test(Files.readString(err, StandardCharsets.UTF_8)));
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        return Files.readString(err, StandardCharsets.UTF_8);
    }
}
