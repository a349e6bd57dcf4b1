package io.graphvault.storage.lock;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.SettingValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job at a time per backup folder, across processes: a backup, a restore or a replication
 * holds an operating-system lock on {@code BACKUP_DIR/.graphvault.lock} while it runs, so a
 * restore started by hand never clears the database under a scheduled backup of {@code serve}, and
 * retention never prunes while another process replicates. The operating system drops the lock
 * when its process dies, so a crash never leaves a stale lock behind. The file names the holder
 * while it is held, for the waiting job's message.
 *
 * <p>Not reentrant: the entry points (the commands and {@code serve}'s job queue) take it once
 * around a whole job; the routes under them, the safety backup of a restore included, do not.
 */
public final class JobLock {

    public static final String FILE_NAME = ".graphvault.lock";
    private static final Logger LOG = LoggerFactory.getLogger(JobLock.class);
    private static final long POLL_MILLIS = 200;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
    /**
     * The lock covers one byte far past the holder's text: on Windows a locked range cannot be
     * read by others, and the waiting job must read who holds the folder.
     */
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;

    /** Jobs of one process wait here: a file lock is held per process, not per thread. */
    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path folder;
    private final Path file;
    private final Duration timeout;
    private final Clock clock;

    public JobLock(Path folder, Duration timeout, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.file = this.folder.resolve(FILE_NAME);
        this.timeout = timeout;
        this.clock = clock;
    }

    /** BACKUP_LOCK_TIMEOUT: a duration such as 30s, 10m or 6h; 0 means fail at once when busy; blank, 6h. */
    public static Duration parseTimeout(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        return SettingValues.duration("BACKUP_LOCK_TIMEOUT", value);
    }

    public Path file() {
        return file;
    }

    /** The lock file's real path (the folder is created if missing), so two spellings of one folder share a queue. */
    private Path realFile(String job) {
        try {
            Files.createDirectories(folder);
            return folder.toRealPath().resolve(FILE_NAME);
        } catch (IOException e) {
            throw new GraphVaultException(job + ": cannot create or lock " + file + ": " + e.getMessage()
                    + "; BACKUP_DIR must be a folder GraphVault can write", e);
        }
    }

    /**
     * Waits up to the timeout for the folder to be free, then holds it for {@code job} (e.g.
     * "backup", "restore from 20261126T101500Z") until {@link Held#close()}.
     */
    public Held acquire(String job) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore local = IN_PROCESS.computeIfAbsent(realFile(job), f -> new Semaphore(1, true));
        try {
            if (!local.tryAcquire(0, TimeUnit.NANOSECONDS)) { // unlike tryAcquire(), keeps the queue fair
                if (!timeout.isZero()) {
                    LOG.warn("{} waits for another job of this process to finish (lock {})", job, file);
                }
                if (!local.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    throw busy(job, "another job of this process");
                }
            }
        } catch (InterruptedException e) {
            throw interrupted(job, e);
        }
        try {
            return new Held(lockFile(job, deadline), local);
        } catch (RuntimeException e) {
            local.release();
            throw e;
        }
    }

    /** The folder exists: {@link #realFile} made it. */
    private FileLock lockFile(String job, long deadline) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock(LOCKED_BYTE, 1, false);
            if (lock == null) {
                if (!timeout.isZero()) {
                    LOG.warn("{} waits for {} to finish (lock {})", job, holder(), file);
                }
                while (lock == null) {
                    long left = remaining(deadline);
                    if (left == 0) {
                        throw busy(job, holder());
                    }
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
                    lock = channel.tryLock(LOCKED_BYTE, 1, false);
                }
            }
            String description = "pid " + ProcessHandle.current().pid() + " (" + job + ", since " + clock.instant() + ")\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(description.getBytes(StandardCharsets.UTF_8)), 0);
            return lock;
        } catch (ClosedByInterruptException e) {
            throw interrupted(job, e); // the interrupt closed the channel already
        } catch (IOException e) {
            closeQuietly(channel);
            throw new GraphVaultException(job + ": cannot lock " + file + ": " + e.getMessage() + "; check BACKUP_DIR", e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            throw interrupted(job, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private GraphVaultException interrupted(String job, Exception e) {
        Thread.currentThread().interrupt();
        return new GraphVaultException(job + " was interrupted while waiting for the lock " + file + "; nothing was written", e);
    }

    private String holder() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    private GraphVaultException busy(String job, String holder) {
        String waited = timeout.isZero() ? "" : " after waiting " + describe(timeout);
        return new GraphVaultException(job + " did not start" + waited + ": " + holder + " holds the lock " + file
                + " on this backup folder; nothing was written. Run it again when that job is done"
                + (timeout.isZero() ? ", or set BACKUP_LOCK_TIMEOUT to wait for it" : ", or raise BACKUP_LOCK_TIMEOUT"));
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", channel, e);
            }
        }
    }

    /** The folder, held for one job; closing it lets the next job start. */
    public final class Held implements AutoCloseable {
        private final FileLock lock;
        private final Semaphore local;
        private boolean released;

        private Held(FileLock lock, Semaphore local) {
            this.lock = lock;
            this.local = local;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            FileChannel channel = lock.channel();
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException e) {
                // closing the channel below releases the lock all the same; only the holder's text may be left
                LOG.debug("clearing the lock {} failed", file, e);
            } finally {
                closeQuietly(channel);
                local.release();
            }
        }
    }
}
