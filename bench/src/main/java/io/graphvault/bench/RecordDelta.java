package io.graphvault.bench;

import io.graphvault.internal.Sha256;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The record-level delta of backup B against its parent A: each record line's SHA-256 keyed by
 * (kind, export id); B's lines whose id A lacks are new, those whose hash differs are changed, A's ids
 * B lacks are deleted. The delta's size is B's new and changed lines gzipped (level 1) as one stream.
 */
final class RecordDelta {

    /** Per kind (nodes, relationships) and in all. */
    record Counts(long recordsA, long recordsB, long added, long changed, long deleted) {
        Counts plus(Counts o) {
            return new Counts(recordsA + o.recordsA, recordsB + o.recordsB, added + o.added, changed + o.changed, deleted + o.deleted);
        }

        /** The records that differ between A and B (new, changed or deleted), as a fraction of B's records. */
        double touched() {
            return recordsB == 0 ? 0 : (double) (added + changed + deleted) / recordsB;
        }
    }

    private final Map<String, Counts> perKind = new LinkedHashMap<>();
    private long deltaBytes;

    Map<String, Counts> perKind() {
        return perKind;
    }

    Counts total() {
        return perKind.values().stream().reduce(new Counts(0, 0, 0, 0, 0), Counts::plus);
    }

    /** B's new and changed lines, gzipped at level 1. */
    long deltaBytes() {
        return deltaBytes;
    }

    static RecordDelta measure(BackupFiles a, BackupFiles b) throws IOException {
        RecordDelta d = new RecordDelta();
        MessageDigest sha256 = Sha256.newDigest(); // one for all lines: digest() resets it
        Map<String, Map<Long, byte[]>> hashesA = new HashMap<>();
        for (BackupFiles.BatchFile f : a.files()) {
            Map<Long, byte[]> kind = hashesA.computeIfAbsent(f.kind(), k -> new HashMap<>());
            forEachLine(f, (id, line) -> {
                if (kind.put(id, sha256.digest(line)) != null) {
                    throw new IllegalStateException(f.file() + ": id " + id + " given twice");
                }
            });
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Set<Long>> seenB = new HashMap<>();
        BackupFiles.Counter counter = new BackupFiles.Counter();
        try (GZIPOutputStream delta = BackupFiles.gzip1(counter)) {
            for (BackupFiles.BatchFile f : b.files()) {
                Map<Long, byte[]> kindA = hashesA.getOrDefault(f.kind(), Map.of());
                Set<Long> seen = seenB.computeIfAbsent(f.kind(), k -> new HashSet<>());
                long[] c = counts.computeIfAbsent(f.kind(), k -> new long[3]);
                forEachLine(f, (id, line) -> {
                    seen.add(id);
                    c[0]++;
                    byte[] before = kindA.get(id);
                    if (before == null || !Arrays.equals(before, sha256.digest(line))) {
                        c[before == null ? 1 : 2]++;
                        delta.write(line);
                        delta.write('\n');
                    }
                });
            }
        }
        d.deltaBytes = counter.bytes;
        Set<String> kinds = new java.util.LinkedHashSet<>(counts.keySet());
        kinds.addAll(hashesA.keySet());
        for (String kind : kinds) {
            Map<Long, byte[]> kindA = hashesA.getOrDefault(kind, Map.of());
            Set<Long> seen = seenB.getOrDefault(kind, Set.of());
            long deleted = kindA.keySet().stream().filter(id -> !seen.contains(id)).count();
            long[] c = counts.getOrDefault(kind, new long[3]);
            d.perKind.put(kind, new Counts(kindA.size(), c[0], c[1], c[2], deleted));
        }
        return d;
    }

    private interface LineSink {
        void line(long id, byte[] line) throws IOException;
    }

    /** Each line of a batch file with its export id: lines start {@code {"id":<n>,} (docs/format.md). */
    private static void forEachLine(BackupFiles.BatchFile f, LineSink sink) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(BackupFiles.open(f), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                int comma = line.indexOf(',');
                if (!line.startsWith("{\"id\":") || comma < 0) {
                    throw new IllegalStateException(f.file() + " line " + number + " does not start with {\"id\":<number>,");
                }
                sink.line(Long.parseLong(line.substring(6, comma)), line.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
