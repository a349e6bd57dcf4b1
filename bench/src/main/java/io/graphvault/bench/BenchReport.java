package io.graphvault.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * What a bench run measured: one {@link Step} a timed step, the ratios between them (the figures
 * bench/README.md reports), the table printed at the end and the JSON file kept in bench/results.
 */
final class BenchReport {

    static final int SCALE = 4;

    static final String WRITE_LIMIT = "write limit (UNWIND CREATE)";
    static final String READ_LIMIT = "read limit (driver stream)";
    static final String READ_LIMIT_KEYS = "read limit + endpoint keys";
    static final String APOC_EXPORT = "APOC export.json.all";
    static final String BACKUP = "GraphVault backup";
    static final String APOC_IMPORT = "APOC import.json";
    static final String RESTORE = "GraphVault restore";
    static final String REPLAY = "GraphVault replay (2nd restore)";
    static final String BACKUP_SMALL_HEAP = "GraphVault backup -Xmx256m";
    static final String RESTORE_SMALL_HEAP = "GraphVault restore -Xmx256m";
    static final String BACKUP_ENCRYPTED = "GraphVault backup encrypted";
    static final String RESTORE_ENCRYPTED = "GraphVault restore encrypted";
    static final String PREPARE_IMPORT = "GraphVault prepare-import";
    static final String ADMIN_IMPORT = "neo4j-admin database import";
    static final String IMPORTED_START = "server start on imported store";
    static final String SCHEMA_ONLY = "GraphVault restore --schema-only";
    /** The sum of the three steps above it, without the server's start. */
    static final String THROUGH_ADMIN_IMPORT = "restore through neo4j-admin import";

    private final int nodes;
    private final int relationships;
    private final boolean scale;
    private final boolean server2026;
    private final List<Step> steps = new ArrayList<>();
    /** Every timed run of the read-only steps, by step name, for the JSON. */
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();

    /**
     * One row of the table. {@code seconds} is the step's time: the whole process for GraphVault and
     * APOC, the timed reads or writes for the limits ({@code processSeconds} is the whole process
     * either way). {@code clientCpu} is the step's process, {@code serverCpu} both Neo4j servers.
     */
    record Step(String name, String status, double seconds, double processSeconds, double clientCpu, double serverCpu,
            long records, long bytes, long peakRssBytes, String check) {

        Step with(long newBytes, String newCheck) {
            return new Step(name, status, seconds, processSeconds, clientCpu, serverCpu, records, newBytes, peakRssBytes, newCheck);
        }

        boolean ok() {
            return status.equals("ok");
        }

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    BenchReport(int nodes, int relationships, boolean scale, boolean server2026) {
        this.nodes = nodes;
        this.relationships = relationships;
        this.scale = scale;
        this.server2026 = server2026;
    }

    /** A step's name at {@code factor} × the size: as given at 1 ×, with " @4x" after it at 4 ×. */
    static String suffix(int factor) {
        return factor == 1 ? "" : " @" + factor + "x";
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }

    /** The outcome of a step over {@code records} records, and its lines worth seeing. */
    void record(String name, long records, ChildProcess.Outcome o) {
        String status = o.ok() ? "ok" : "FAILED: " + o.reason();
        steps.add(new Step(name, status, o.timedSeconds(), o.seconds(), o.clientCpuSeconds(), o.serverCpuSeconds(), records,
                0, o.peakRssBytes(), ""));
        log("%s: %s in %.1f s (process %.1f s; CPU: client %.1f s, servers %.1f s), peak RSS %,d MB", name, status,
                o.timedSeconds(), o.seconds(), o.clientCpuSeconds(), o.serverCpuSeconds(), o.peakRssBytes() >> 20);
        // The write limit's phases, and GraphVault's own summary line (its time without JVM start-up)
        Stream.concat(o.stdout().lines().filter(l -> l.startsWith("phase ")),
                o.stderr().lines().filter(l -> l.contains(" records in "))).forEach(l -> log("  %s", l.strip()));
    }

    /** A read-only step's timed runs: the median counts, every run goes in the JSON. */
    void recordRuns(String name, long records, List<ChildProcess.Outcome> timed) {
        runs.put(name, timed.stream().map(ChildProcess.Outcome::timedSeconds).toList());
        record(name, records, Rounds.median(timed));
    }

    /** A time taken by the bench itself, outside any step's process: shown, in no sum or ratio. */
    void recordInformational(String name, double seconds) {
        steps.add(new Step(name, "ok", seconds, seconds, 0, 0, 0, 0, 0, "informational"));
        log("%s: %.1f s", name, seconds);
    }

    /**
     * A row that adds up {@code parts} (found by these names): times and CPU summed, the highest peak RSS; failed
     * when a part failed or is missing.
     */
    void recordSum(String name, long records, List<String> parts) {
        List<Step> found = parts.stream().map(this::find).toList();
        if (found.stream().anyMatch(s -> s == null || !s.ok())) {
            steps.add(new Step(name, "FAILED: a part failed", 0, 0, 0, 0, records, 0, 0, ""));
            return;
        }
        steps.add(new Step(name, "ok", found.stream().mapToDouble(Step::seconds).sum(),
                found.stream().mapToDouble(Step::processSeconds).sum(), found.stream().mapToDouble(Step::clientCpu).sum(),
                found.stream().mapToDouble(Step::serverCpu).sum(), records, 0,
                found.stream().mapToLong(Step::peakRssBytes).max().orElse(0), "sum: prepare, import, schema"));
        log("%s: %.1f s", name, last().seconds());
    }

    void amendBytes(String name, long bytes) {
        Step s = find(name);
        steps.set(steps.indexOf(s), s.with(bytes, s.check()));
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }

    /** Notes what was checked after the last step (counts, content) against it. */
    void checkedLast(String check) {
        Step s = last();
        steps.set(steps.size() - 1, s.with(s.bytes(), check));
    }

    private Step find(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** a / b for a measure of two steps; null when either is missing or failed, or b's measure is 0. */
    private Double ratio(String a, String b, ToDoubleFunction<Step> measure) {
        Step x = find(a);
        Step y = find(b);
        if (x == null || y == null || !x.ok() || !y.ok()) {
            return null;
        }
        double den = measure.applyAsDouble(y);
        return den > 0 ? measure.applyAsDouble(x) / den : null;
    }

    private Map<String, Double> ratios() {
        Map<String, Double> r = new LinkedHashMap<>();
        putLimitRatios(r, "");
        r.put("replay / restore", ratio(REPLAY, RESTORE, Step::seconds));
        r.put("encrypted backup / backup", ratio(BACKUP_ENCRYPTED, BACKUP, Step::seconds));
        r.put("encrypted restore / restore", ratio(RESTORE_ENCRYPTED, RESTORE, Step::seconds));
        r.put("backup / APOC export", ratio(BACKUP, APOC_EXPORT, Step::seconds));
        r.put("restore / APOC import", ratio(RESTORE, APOC_IMPORT, Step::seconds));
        r.put("backup size / APOC file size", ratio(BACKUP, APOC_EXPORT, Step::bytes));
        if (scale) {
            String at = suffix(SCALE);
            putLimitRatios(r, at);
            for (String step : List.of(WRITE_LIMIT, READ_LIMIT, BACKUP, RESTORE, BACKUP_SMALL_HEAP, RESTORE_SMALL_HEAP,
                    PREPARE_IMPORT, ADMIN_IMPORT, SCHEMA_ONLY, THROUGH_ADMIN_IMPORT)) {
                r.put("growth " + step + " (" + SCALE + "x time / 1x time)", ratio(step + at, step, Step::seconds));
            }
            for (String step : List.of(BACKUP, RESTORE, BACKUP_SMALL_HEAP, RESTORE_SMALL_HEAP)) {
                r.put("growth " + step + " peak RSS (" + SCALE + "x / 1x)", ratio(step + at, step, Step::peakRssBytes));
            }
        }
        return r;
    }

    /** GraphVault's cost over the driver's limits, for the pass whose step names end in {@code suffix}. */
    private void putLimitRatios(Map<String, Double> r, String suffix) {
        r.put("backup / read limit" + suffix, ratio(BACKUP + suffix, READ_LIMIT + suffix, Step::seconds));
        r.put("backup / read limit + endpoint keys" + suffix, ratio(BACKUP + suffix, READ_LIMIT_KEYS + suffix, Step::seconds));
        r.put("restore / write limit" + suffix, ratio(RESTORE + suffix, WRITE_LIMIT + suffix, Step::seconds));
        r.put("through admin import / write limit" + suffix + " (target <= 0.3)",
                ratio(THROUGH_ADMIN_IMPORT + suffix, WRITE_LIMIT + suffix, Step::seconds));
        r.put("through admin import / restore" + suffix + " (target <= 0.25)",
                ratio(THROUGH_ADMIN_IMPORT + suffix, RESTORE + suffix, Step::seconds));
    }

    String table() {
        StringBuilder t = new StringBuilder();
        String size = "%,d nodes + %,d relationships = %,d records%n";
        t.append(String.format(Locale.ROOT, "%nGraphVault bench on Neo4j %s: " + size, server2026 ? "2026.08.1" : "5.26", nodes,
                relationships, (long) nodes + relationships));
        if (scale) {
            t.append(String.format(Locale.ROOT, "steps marked%s: " + size, suffix(SCALE), (long) SCALE * nodes,
                    (long) SCALE * relationships, (long) SCALE * nodes + (long) SCALE * relationships));
        }
        t.append(System.lineSeparator());
        String row = "| %-38s | %8s | %8s | %8s | %9s | %10s | %13s | %9s | %-22s | %s |%n";
        t.append(String.format(Locale.ROOT, row, "step", "seconds", "process", "CPU app", "CPU neo4j", "records/s", "bytes",
                "peak RSS", "check", "status"));
        t.append(String.format(Locale.ROOT, row, "-".repeat(38), "-".repeat(8), "-".repeat(8), "-".repeat(8), "-".repeat(9),
                "-".repeat(10), "-".repeat(13), "-".repeat(9), "-".repeat(22), "------"));
        for (Step s : steps) {
            t.append(String.format(Locale.ROOT, row, s.name(), String.format(Locale.ROOT, "%.1f", s.seconds()),
                    String.format(Locale.ROOT, "%.1f", s.processSeconds()), String.format(Locale.ROOT, "%.1f", s.clientCpu()),
                    String.format(Locale.ROOT, "%.1f", s.serverCpu()),
                    s.recordsPerSecond() > 0 ? String.format(Locale.ROOT, "%,.0f", s.recordsPerSecond()) : "",
                    s.bytes() > 0 ? String.format(Locale.ROOT, "%,d", s.bytes()) : "",
                    String.format(Locale.ROOT, "%,d MB", s.peakRssBytes() >> 20), s.check(), s.status()));
        }
        t.append(System.lineSeparator());
        Map<String, Double> ratios = ratios();
        int width = Math.max(30, ratios.keySet().stream().mapToInt(String::length).max().orElse(0));
        ratios.forEach((k, v) -> t.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", k,
                v == null ? "n/a (a step failed or did not run)" : String.format(Locale.ROOT, "%.2f", v))));
        return t.toString();
    }

    Path writeJson(Path dir) throws IOException {
        ObjectNode root = BackupJson.MAPPER.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.put("nodes", nodes);
        root.put("relationships", relationships);
        root.put("scale", scale ? SCALE : 1);
        root.put("server", server2026 ? "2026.08.1 (child processes)" : "5.26 (neo4j-harness, in the bench's JVM)");
        root.put("java", System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = root.putArray("steps");
        for (Step s : steps) {
            ObjectNode row = rows.addObject().put("step", s.name()).put("status", s.status()).put("seconds", s.seconds())
                    .put("processSeconds", s.processSeconds()).put("clientCpuSeconds", s.clientCpu())
                    .put("serverCpuSeconds", s.serverCpu())
                    .put("recordsPerSecond", s.recordsPerSecond()).put("bytes", s.bytes())
                    .put("peakRssBytes", s.peakRssBytes()).put("check", s.check());
            if (runs.containsKey(s.name())) {
                runs.get(s.name()).forEach(row.putArray("runSeconds")::add);
            }
        }
        ObjectNode ratios = root.putObject("ratios");
        ratios().forEach((k, v) -> {
            if (v == null) {
                ratios.putNull(k);
            } else {
                ratios.put(k, v);
            }
        });
        Path file = ResultFile.in(dir, nodes + "n-" + relationships + "r" + (scale ? "-scale" : "") + (server2026 ? "-2026" : ""));
        BackupJson.MAPPER.writeValue(file.toFile(), root);
        return file;
    }
}
