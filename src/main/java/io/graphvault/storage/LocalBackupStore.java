package io.graphvault.storage;

import io.graphvault.GraphVaultException;
import io.graphvault.format.BackupManifest;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            return partial;
        } catch (FileAlreadyExistsException e) {
            throw new GraphVaultException("a backup named '" + id + "' is being written right now (" + partial + " exists);"
                    + " if no backup is running, delete that folder", e);
        } catch (IOException e) {
            throw new GraphVaultException("cannot create backup folder " + partial + ": " + e.getMessage()
                    + "; check BACKUP_DIR", e);
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

    /** Renames the partial folder to its final name in one step. */
    public void publish(Path partial, Path target) {
        try {
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot publish backup " + partial + " as " + target + ": " + e.getMessage(), e);
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
     * Deletes completed backups beyond the newest {@code keepLast}. Partial folders are never
     * touched, and the newest backup always stays. Returns the ids deleted.
     */
    public List<String> prune(int keepLast) {
        return prune(keepLast, l -> true);
    }

    /** As {@link #prune(int)}, but only the older backups that {@code deletable} allows go. */
    public List<String> prune(int keepLast, java.util.function.Predicate<Listing> deletable) {
        List<String> deleted = new ArrayList<>();
        if (keepLast <= 0) {
            return deleted;
        }
        List<Listing> all = list();
        for (Listing l : all.subList(Math.min(keepLast, all.size()), all.size())) {
            if (deletable.test(l)) {
                deleteTree(l.dir());
                deleted.add(l.manifest().id());
            }
        }
        return deleted;
    }
}
