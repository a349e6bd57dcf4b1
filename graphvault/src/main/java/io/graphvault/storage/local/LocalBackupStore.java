package io.graphvault.storage.local;

import io.graphvault.format.BackupManifest;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.retention.PruneDecision;
import io.graphvault.storage.retention.PruneRequest;
import io.graphvault.storage.retention.Pruning;
import io.graphvault.storage.retention.RetentionPolicy;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local backup folder. A backup is written to a hidden {@code .<id>.partial/} folder and renamed
 * to {@code <id>/} once its manifest is in place, so a folder that looks complete is complete.
 */
public final class LocalBackupStore {

    private static final String PARTIAL_SUFFIX = ".partial";
    /** In a partial folder: the host and process writing it, so that only an abandoned one is ever removed. */
    public static final String OWNER_FILE = ".owner";

    private final Path root;

    public LocalBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A completed backup: its folder and its manifest. */
    public record Listing(Path dir, BackupManifest manifest) {
    }

    /** Reserves the folder for a new backup; a name already taken is refused, a timestamp gets a suffix. */
    public Path createPartial(String id) {
        Path partial = partialDir(id);
        try {
            Files.createDirectories(root);
            if (Files.exists(root.resolve(id))) {
                throw new GraphVaultException("a backup named '" + id + "' already exists in " + root
                        + "; choose another --name or delete the old one");
            }
            Files.createDirectory(partial);
            Files.writeString(partial.resolve(OWNER_FILE), owner());
            return partial;
        } catch (FileAlreadyExistsException e) {
            throw new GraphVaultException("a backup named '" + id + "' is being written right now (" + partial + " exists);"
                    + " if no backup is running, delete that folder", e);
        } catch (IOException e) {
            throw new GraphVaultException("cannot create backup folder " + partial + ": " + e.getMessage()
                    + "; check BACKUP_DIR", e);
        }
    }

    /**
     * Deletes the partial folders of backups that were killed half way (a crash, kill -9, a stopped
     * container): each holds a disk's worth of files and its name stays taken. Only folders this
     * machine's GraphVault wrote ({@link #OWNER_FILE}) whose process is gone: the job lock keeps
     * out other processes of this machine only, and a folder shared between machines may hold
     * another one's running backup. Returns their names.
     */
    public List<String> removeAbandonedPartials() {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root,
                p -> Files.isDirectory(p) && p.getFileName().toString().startsWith(".")
                        && p.getFileName().toString().endsWith(PARTIAL_SUFFIX))) {
            for (Path dir : dirs) {
                if (abandoned(dir)) {
                    deleteTree(dir);
                    removed.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot list " + root + ": " + e.getMessage() + "; check BACKUP_DIR", e);
        }
        return removed;
    }

    /** Written by this machine (host name) and by a process that is no longer running. */
    private static boolean abandoned(Path partial) {
        try {
            List<String> lines = Files.readAllLines(partial.resolve(OWNER_FILE));
            return lines.size() == 2 && lines.get(0).equals(host())
                    && ProcessHandle.of(Long.parseLong(lines.get(1))).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false; // no owner file (an older version wrote it, or another tool): not ours to delete
        }
    }

    /** Who writes a partial folder: this machine's name and this process's id, a line each. */
    static String owner() {
        return host() + "\n" + ProcessHandle.current().pid() + "\n";
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The first of {@code base}, {@code base-2}, {@code base-3}, ... that no backup uses yet. */
    public String freeId(String base) {
        String id = base;
        for (int i = 2; Files.exists(root.resolve(id)) || Files.exists(partialDir(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    public Path partialDir(String id) {
        return root.resolve("." + id + PARTIAL_SUFFIX);
    }

    public Path finalDir(String id) {
        return root.resolve(id);
    }

    /**
     * Renames the partial folder to its final name in one step, once its manifest is there and reads
     * back (a folder without one must never look complete), and once every file of it, the manifest
     * among them, is on disk: after a power cut a published backup never names data the disk did not
     * keep. Until the rename a manifest means nothing (a partial folder is never read), so one pass
     * here, after the system has written most of it back already, is all it takes.
     */
    public void publish(Path partial, Path target) {
        BackupReader.readManifest(new LocalBackupSource(partial));
        try {
            Files.deleteIfExists(partial.resolve(OWNER_FILE)); // the backup holds its files and nothing else
        } catch (IOException e) {
            throw new GraphVaultException("cannot publish backup " + partial + ": " + e.getMessage(), e);
        }
        syncTree(partial);
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            syncDirectory(root); // the rename itself, on disk
        } catch (IOException e) {
            throw new GraphVaultException("cannot publish backup " + partial + " as " + target + ": " + e.getMessage(), e);
        }
    }

    /** Forces every file under {@code dir}, and the folders themselves, to disk. */
    private static void syncTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) { // some systems skip a read-only handle's flush
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    syncDirectory(p);
                }
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot write " + dir + " to disk: " + e.getMessage(), e);
        }
    }

    /** A folder's entries to disk; a platform that cannot open folders (not Linux) is left to its own flushing. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // best effort by design: see above
        }
    }

    /** Deletes a folder and everything in it (a failed partial backup, or a pruned one). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Completed backups (a folder with a readable manifest), newest first. */
    public List<Listing> list() {
        List<Listing> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                readListing(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot list backups in " + root + ": " + e.getMessage() + "; check BACKUP_DIR", e);
        }
        out.sort(Comparator.comparing((Listing l) -> l.manifest().startedAt()).reversed()
                .thenComparing(l -> l.manifest().id(), Comparator.reverseOrder()));
        return out;
    }

    private static Optional<Listing> readListing(Path dir) {
        try {
            return Optional.of(new Listing(dir, BackupReader.readManifest(new LocalBackupSource(dir))));
        } catch (GraphVaultException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the completed backups {@code policy} does not keep, of those {@code deletable} allows;
     * partial folders are never touched, nor the newest backup, nor the last one that verifies
     * ({@link Pruning}). {@code justTaken} (or null) is the backup this job just took: it counts as
     * the newest whatever its manifest's start time says (a clock that was once ahead must not make
     * an old backup outrank it, and retention delete the new one). Returns every backup's decision.
     */
    public List<PruneDecision> prune(RetentionPolicy policy, String justTaken, java.util.function.Predicate<Listing> deletable,
            boolean dryRun) {
        if (!policy.any()) {
            return List.of();
        }
        Pruning<Listing> pruning = new Pruning<>(l -> l.manifest().id(), l -> l.manifest().startedAt(), l -> l.manifest().parent(),
                LocalBackupStore::verifies, l -> deleteTree(l.dir()));
        return pruning.apply(justTakenFirst(list(), l -> l.manifest().id().equals(justTaken)), policy, deletable, dryRun);
    }

    /** The {@code prune} command: every completed backup may go. */
    public List<PruneDecision> prune(PruneRequest request) {
        return prune(request.policy(), null, l -> true, request.dryRun());
    }

    private static boolean verifies(Listing l) {
        try {
            BackupReader.verify(new LocalBackupSource(l.dir()), l.manifest());
            return true;
        } catch (GraphVaultException e) {
            return false;
        }
    }

    /** {@code newestFirst} with the backup just taken moved to the front. */
    public static <T> List<T> justTakenFirst(List<T> newestFirst, java.util.function.Predicate<T> justTaken) {
        List<T> out = new ArrayList<>(newestFirst.size());
        newestFirst.stream().filter(justTaken).forEach(out::add);
        newestFirst.stream().filter(justTaken.negate()).forEach(out::add);
        return out;
    }
}
