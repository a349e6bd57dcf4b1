package io.graphvault.testing;

import io.graphvault.storage.lock.JobLock;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Another GraphVault process holding a backup folder's job lock, as {@code serve} does during a
 * job: started as a child JVM, it takes the lock through {@link JobLock} and holds it until its
 * standard input closes, or until it is killed.
 */
public final class LockHolder implements Closeable {

    private final Process process;

    private LockHolder(Process process) {
        this.process = process;
    }

    /** Starts the child and returns once it holds the lock on {@code backupDir} for {@code job}. */
    public static LockHolder hold(Path backupDir, String job) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, LockHolder.class.getName(), backupDir.toString(), job))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return "cannot read the child's output: " + e.getMessage();
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        if (!"LOCKED".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("the lock holder did not take the lock: " + line);
        }
        return new LockHolder(p);
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the holder the hard way (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Lets the holder release the lock and end normally. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException {
        JobLock lock = new JobLock(Path.of(args[0]), Duration.ZERO, Clock.systemUTC());
        try (JobLock.Held held = lock.acquire(args[1])) {
            System.out.println("LOCKED");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our input
            }
        }
    }
}
