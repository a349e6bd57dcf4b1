package io.graphvault.storage.local;

import io.graphvault.storage.BackupSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A backup folder on the local file system. */
public record LocalBackupSource(Path dir, int maxRecordBytes) implements BackupSource {

    /** With the default record limit: for reading the manifest of a backup this process wrote. */
    public LocalBackupSource(Path dir) {
        this(dir, DEFAULT_MAX_RECORD_BYTES);
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public boolean exists(String path) {
        return Files.isRegularFile(resolve(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(resolve(path));
    }

    @Override
    public BackupSource sibling(String id) {
        return new LocalBackupSource(dir.resolveSibling(id), maxRecordBytes);
    }

    private Path resolve(String path) {
        Path p = dir;
        for (String part : path.split("/")) {
            p = p.resolve(part);
        }
        return p;
    }
}
