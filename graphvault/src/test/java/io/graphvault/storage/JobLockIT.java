package io.graphvault.storage;

import io.graphvault.app.GraphVaultServer;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.testing.Cli;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Inbox;
import io.graphvault.testing.LockHolder;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One job at a time on a backup folder, whichever process runs it: a restore typed by hand while
 * {@code serve} backs up, a second {@code serve} on the same volume.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class JobLockIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private Map<String, String> config(Path backups, String lockTimeout) {
        Map<String, String> c = TestServices.config(TestServices.source(), backups);
        c.put("backup.lock-timeout", lockTimeout);
        return c;
    }

    @Test
    void whileAnotherProcessHoldsTheFolderBackupAndRestoreRefuseToStartNamingItAndWriteNothing() throws Exception {
        Path backups = work.resolve("backups");
        Cli.Result base = Cli.run(config(backups, "0"), "backup", "--name", "base");
        assertThat(base.exitCode()).as(base.toString()).isZero();
        Map<String, String> intoTarget = TestServices.config(TestServices.target(), backups);
        intoTarget.put("backup.lock-timeout", "0");

        try (LockHolder holder = LockHolder.hold(backups, "restore from nightly")) {
            Cli.Result backup = Cli.run(config(backups, "0"), "backup", "--name", "blocked");
            assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(1);
            assertThat(backup.err().lines().toList()).as(backup.toString()).hasSize(1);
            assertThat(backup.err()).as(backup.toString())
                    .contains("backup blocked did not start: pid " + holder.pid() + " (restore from nightly, since ")
                    .contains(backups.toAbsolutePath().resolve(".graphvault.lock").toString())
                    .contains("nothing was written").contains("BACKUP_LOCK_TIMEOUT");
            assertThat(Inbox.folders(backups)).containsExactly("base");

            Cli.Result restore = Cli.run(intoTarget, "restore", "--from", "base");
            assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(1);
            assertThat(restore.err()).as(restore.toString())
                    .contains("restore from base did not start: pid " + holder.pid() + " (restore from nightly");
            assertThat(nodesIn(TestServices.targetDriver())).isZero();

            // what only reads goes on: a dry run, verify and list
            Cli.Result dryRun = Cli.run(intoTarget, "restore", "--from", "base", "--dry-run");
            assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
            Cli.Result list = Cli.run(config(backups, "0"), "list");
            assertThat(list.out()).as(list.toString()).contains("base").doesNotContain("blocked");
        }

        Cli.Result after = Cli.run(config(backups, "0"), "backup", "--name", "after");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(Files.readString(backups.resolve(".graphvault.lock"))).as("a released lock names nobody").isEmpty();
    }

    @Test
    void aBackupWaitsForTheHolderAndStartsOnceItsLockIsGoneEvenWhenTheHolderCrashed() throws Exception {
        Path backups = work.resolve("backups");
        LockHolder holder = LockHolder.hold(backups, "backup by serve");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> result.set(Cli.run(config(backups, "5m"), "backup", "--name", "patient")), "patient-backup");
        try {
            waiter.start();
            await("the backup polling for the lock").atMost(WITHIN).until(() -> pollsForTheLock(waiter));
            assertThat(Inbox.folders(backups)).as("nothing written while it waits").isEmpty();
        } finally {
            holder.kill(); // SIGKILL: no chance to release; the operating system drops the lock
        }
        waiter.join(WITHIN.toMillis());
        Cli.Result r = result.get();
        assertThat(r).as("the backup finished").isNotNull();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Inbox.folders(backups)).containsExactly("patient");
        assertThat(Inbox.manifest(backups, "patient").path("counts").path("nodes").asLong()).isEqualTo(214);
    }

    @Test
    void aServeTriggerThatCannotGetTheFolderIsMovedAsideWithTheReasonAndServeHoldsNothingBetweenJobs() throws Exception {
        Path backups = work.resolve("backups");
        Inbox inbox = new Inbox(work.resolve("inbox"));
        Map<String, String> c = TestServices.serveConfig(backups, inbox.dir(), 0);
        c.put("backup.lock-timeout", "1s");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            try (LockHolder holder = LockHolder.hold(backups, "restore from nightly")) {
                inbox.drop("now", "");
                inbox.awaitFile(inbox.errorFile("now"), WITHIN);
                assertThat(Files.readString(inbox.errorFile("now")))
                        .contains("backup did not start after waiting 1s: pid " + holder.pid() + " (restore from nightly");
                inbox.awaitFile(inbox.failed("now"), WITHIN); // moved aside once the error file is written
                assertThat(Inbox.folders(backups)).isEmpty();
            }
            inbox.drop("later", "{\"name\": \"later\"}");
            inbox.awaitFile(inbox.done("later"), WITHIN);
            assertThat(Inbox.folders(backups)).containsExactly("later");

            // serve is idle: a command of another kind of caller gets the folder at once
            Cli.Result byHand = Cli.run(config(backups, "0"), "backup", "--name", "by-hand");
            assertThat(byHand.exitCode()).as(byHand.toString()).isZero();
        }
    }

    @Test
    void twoJobsOfOneProcessTakeTurns() throws Exception {
        Path backups = work.resolve("backups");
        JobLock first = new JobLock(backups, Duration.ZERO, Clock.systemUTC());
        JobLock second = new JobLock(backups, Duration.ZERO, Clock.systemUTC());
        try (JobLock.Held held = first.acquire("backup")) {
            assertThat(Files.readString(first.file())).startsWith("pid " + ProcessHandle.current().pid() + " (backup, since ");
            assertThatThrownBy(() -> second.acquire("restore from x"))
                    .isInstanceOf(GraphVaultException.class)
                    .hasMessageContaining("restore from x did not start: another job of this process holds the lock");
        }
        try (JobLock.Held held = second.acquire("restore from x")) {
            assertThat(Files.readString(second.file())).contains("(restore from x, since ");
        }
    }

    @Test
    void aLockTimeoutThatIsNotADurationIsNamed() {
        Cli.Result r = Cli.run(config(work.resolve("backups"), "soon"), "backup");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("BACKUP_LOCK_TIMEOUT 'soon' is not a duration");
    }

    /** The thread sits in JobLock's polling loop: another process holds the lock file. */
    private static boolean pollsForTheLock(Thread t) {
        return t.getState() == Thread.State.TIMED_WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(JobLock.class.getName()) && f.getMethodName().equals("lockFile"));
    }

    private static long nodesIn(org.neo4j.driver.Driver driver) {
        try (Session s = driver.session()) {
            return s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
        }
    }
}
