package io.graphvault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.format.BackupJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a backup folder's batch files straight from disk, as a user with zcat and jq would. */
public final class BackupFolder {

    private BackupFolder() {
    }

    /** Every record of {@code nodes} or {@code relationships}, in file order. */
    public static List<JsonNode> records(Path backup, String dir) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(backup.resolve(dir))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            try (InputStream raw = Files.newInputStream(f);
                    InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    records.add(BackupJson.MAPPER.readTree(line));
                }
            }
        }
        return records;
    }

    /** The names in {@code dir}, hidden ones included. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
