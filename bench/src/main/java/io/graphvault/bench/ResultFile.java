package io.graphvault.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Where a bench command's JSON goes: {@code <UTC time>-<what>.json}, so that the results of every command sort by time. */
final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ResultFile() {
    }

    /** A new file's path in {@code dir} (created if need be) for results described by {@code what}. */
    static Path in(Path dir, String what) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(STAMP.format(Instant.now()) + "-" + what + ".json");
    }
}
