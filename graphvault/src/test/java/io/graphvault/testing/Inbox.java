package io.graphvault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** What a user does with a running {@code serve}: drop trigger files, and look at folders. */
public final class Inbox {

    private final Path dir;

    public Inbox(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the file beside the inbox and moves it in, so the watcher never sees half a file. */
    public void drop(String name, String content) {
        try {
            Files.createDirectories(dir);
            Path staged = dir.resolveSibling(dir.getFileName() + "-" + name + ".staged");
            Files.writeString(staged, content);
            Files.move(staged, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path done(String name) {
        return dir.resolve(".done").resolve(name);
    }

    public Path failed(String name) {
        return dir.resolve(".failed").resolve(name);
    }

    public Path errorFile(String name) {
        return dir.resolve(".failed").resolve(name + ".error.txt");
    }

    public void awaitFile(Path file, Duration within) {
        await().atMost(within).until(() -> Files.isRegularFile(file));
    }

    /** The names of the backup folders (completed or not) in {@code backupDir}. */
    public static List<String> folders(Path backupDir) {
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(backupDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode manifest(Path backupDir, String id) {
        try {
            return BackupJson.MAPPER.readTree(backupDir.resolve(id).resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
