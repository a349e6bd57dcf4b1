package io.graphvault.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** {@code bench/churn}'s table and JSON: what the churn did, and what each scheme would store for backup B. */
record ChurnReport(int nodes, int relationships, double churn, long seed, Churn.Counts counts, long storedA, long storedB,
        RecordDelta records, ChunkDelta.Result stream, ChunkDelta.Result stored, Map<String, ChunkDelta.Result> streamPerKind) {

    /** B's records per chunk of its uncompressed stream: the k of (1-p)^k. */
    double recordsPerChunk() {
        return (double) records.total().recordsB() / stream.chunksB();
    }

    /** The share of chunks that would survive if every record that differs broke its chunk alone. */
    double predictedSurvival() {
        return Math.pow(1 - records.total().touched(), recordsPerChunk());
    }

    /** p, k and (1-p)^k of one kind's stream chunked on its own. */
    private record Survival(double p, double k, double predicted) {
    }

    private Survival survival(String kind, ChunkDelta.Result r) {
        RecordDelta.Counts c = records.perKind().get(kind);
        double k = (double) c.recordsB() / r.chunksB();
        return new Survival(c.touched(), k, Math.pow(1 - c.touched(), k));
    }

    String table() {
        StringBuilder t = new StringBuilder();
        Churn.Counts c = counts;
        RecordDelta.Counts all = records.total();
        t.append(f("churn %.2f %% (seed %d) on %,d nodes and %,d relationships:%n", churn * 100, seed, nodes, relationships));
        t.append(f("  nodes: %,d updated, %,d deleted (and with them %,d relationships), %,d created%n", c.nodesUpdated(),
                c.nodesDeleted(), c.relationshipsDeletedWithNodes(), c.nodesCreated()));
        t.append(f("  relationships: %,d updated, %,d deleted, %,d created%n", c.relationshipsUpdated(), c.relationshipsDeleted(),
                c.relationshipsCreated()));
        t.append(f("backup A: %,d records, %,d stored batch bytes; backup B: %,d records, %,d stored batch bytes%n",
                all.recordsA(), storedA, all.recordsB(), storedB));
        records.perKind().forEach((kind, k) -> t.append(f("  %s: B has %,d new and %,d changed records, %,d of A's are gone%n",
                kind, k.added(), k.changed(), k.deleted())));
        t.append(f("%n%-34s %10s %12s %9s %14s %11s%n", "scheme (backup B against A)", "B units", "unchanged", "share", "new bytes", "of B stored"));
        long unchanged = all.recordsB() - all.added() - all.changed();
        row(t, "record level (records)", all.recordsB(), unchanged, records.deltaBytes());
        row(t, "FastCDC, uncompressed stream", stream.chunksB(), stream.sharedChunks(), stream.newStoredBytes());
        row(t, "FastCDC, stored gzip files", stored.chunksB(), stored.sharedChunks(), stored.newStoredBytes());
        t.append(f("%nrecords that differ (new, changed, gone) / B's records: p = %.5f%n", all.touched()));
        t.append(f("records per chunk of the uncompressed stream: k = %.1f (%,d bytes per chunk on average)%n", recordsPerChunk(),
                stream.bytesB() / stream.chunksB()));
        t.append(f("chunk survival: (1-p)^k = %.4f predicted, %.4f measured%n", predictedSurvival(), stream.sharedChunkFraction()));
        streamPerKind.forEach((kind, r) -> {
            Survival v = survival(kind, r);
            t.append(f("%s alone: p = %.5f, k = %.1f, survival %.4f predicted, %.4f measured (%,d of %,d chunks)%n", kind,
                    v.p(), v.k(), v.predicted(), r.sharedChunkFraction(), r.sharedChunks(), r.chunksB()));
        });
        return t.toString();
    }

    private void row(StringBuilder t, String name, long units, long unchanged, long newBytes) {
        t.append(f("%-34s %,10d %,12d %8.2f%% %,14d %10.2f%%%n", name, units, unchanged, 100.0 * unchanged / units, newBytes,
                100.0 * newBytes / storedB));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    Path writeJson(Path dir) throws IOException {
        ObjectNode root = BackupJson.MAPPER.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.put("nodes", nodes).put("relationships", relationships).put("churn", churn).put("seed", seed);
        root.put("server", "5.26 (neo4j-harness, in the tool's JVM)");
        root.set("churnApplied", BackupJson.MAPPER.valueToTree(counts));
        root.put("storedBatchBytesA", storedA).put("storedBatchBytesB", storedB);
        ObjectNode rec = root.putObject("recordLevel");
        records.perKind().forEach((kind, k) -> rec.set(kind, BackupJson.MAPPER.valueToTree(k)));
        rec.put("deltaGzipBytes", records.deltaBytes()).put("deltaFractionOfStoredB", (double) records.deltaBytes() / storedB);
        root.set("cdcUncompressedStream", chunks(stream));
        root.set("cdcStoredFiles", chunks(stored));
        root.put("p", records.total().touched()).put("k", recordsPerChunk()).put("predictedChunkSurvival", predictedSurvival())
                .put("measuredChunkSurvival", stream.sharedChunkFraction());
        ObjectNode kinds = root.putObject("cdcUncompressedStreamPerKind");
        streamPerKind.forEach((kind, r) -> {
            Survival v = survival(kind, r);
            kinds.set(kind, chunks(r).put("p", v.p()).put("k", v.k()).put("predictedChunkSurvival", v.predicted())
                    .put("measuredChunkSurvival", r.sharedChunkFraction()));
        });
        Path file = ResultFile.in(dir, "churn-" + nodes + "n-" + relationships + "r");
        BackupJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }

    private ObjectNode chunks(ChunkDelta.Result r) {
        ObjectNode o = BackupJson.MAPPER.valueToTree(r);
        o.put("minBytes", FastCdc.MIN).put("avgBytes", FastCdc.AVG).put("maxBytes", FastCdc.MAX);
        o.put("newFractionOfStoredB", (double) r.newStoredBytes() / storedB);
        return o;
    }
}
