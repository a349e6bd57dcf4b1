package io.graphvault.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * bench/incremental's table and JSON: each backup, each restore, and the figures the issue sets targets for, with
 * the target beside each (reported, not tuned to). {@code restores}: the last incremental backup's, then the
 * same-state full one's. {@code chainLocal} and {@code chainBucket}: all the chain's folder and prefix hold.
 */
record IncrementalReport(Settings settings, GraphCounts source, IncrementalDays.Backups backups,
        List<RestoreComparison.Restored> restores, long chainLocal, long chainBucket, String bucketChainCheck) {

    /** What the run was asked for. */
    record Settings(int nodes, int relationships, double churn, int days, long seed, String heap) {
    }

    /** One figure: its value, the target (a maximum; NaN when it has none) and whether it is met. */
    record Figure(String name, double value, double atMost) {
        Boolean met() {
            return Double.isNaN(atMost) || Double.isNaN(value) ? null : value <= atMost;
        }
    }

    List<Figure> figures() {
        BackupStep full = backups.full();
        List<BackupStep> days = backups.days();
        double medianSeconds = median(days, BackupStep::seconds);
        List<Figure> f = new ArrayList<>();
        String disk = "incremental stored bytes / full, on disk: ";
        String inBucket = "incremental stored bytes / full, in the bucket: ";
        f.add(new Figure(disk + "median", median(days, d -> share(d, full, BackupStep::localBytes)), 0.05));
        f.add(new Figure(disk + "max", max(days, d -> share(d, full, BackupStep::localBytes)), 0.05));
        f.add(new Figure(inBucket + "median", median(days, d -> share(d, full, BackupStep::bucketBytes)), 0.05));
        f.add(new Figure(inBucket + "max", max(days, d -> share(d, full, BackupStep::bucketBytes)), 0.05));
        String occupancy = "occupancy after " + days.size() + " days (full + incrementals) / one full, ";
        f.add(new Figure(occupancy + "on disk", (double) chainLocal / full.localBytes(), 1.5));
        f.add(new Figure(occupancy + "in the bucket", (double) chainBucket / full.bucketBytes(), 1.5));
        f.add(new Figure("incremental backup time (median of days) / first full", medianSeconds / full.seconds(), 1.1));
        f.add(new Figure("incremental backup time (median of days) / full of day 1", medianSeconds / backups.fullOfDay1().seconds(), 1.1));
        f.add(new Figure("incremental backup time, day 1 / full of day 1 (same state)",
                days.get(0).seconds() / backups.fullOfDay1().seconds(), 1.1));
        f.add(new Figure("incremental backup time, last day / full of the last day (same state)",
                backups.last().seconds() / backups.fullOfLastDay().seconds(), 1.1));
        f.add(new Figure("restore of the last incremental / restore of the same-state full (medians)", restoreRatio(), 1.2));
        f.add(new Figure("backup peak RSS, MB: highest of the incremental ones", max(days, d -> d.peakRssBytes() >> 20), Double.NaN));
        f.add(new Figure("backup peak RSS, MB: the first full", full.peakRssBytes() >> 20, Double.NaN));
        return f;
    }

    private double restoreRatio() {
        RestoreComparison.Restored incremental = restores.get(0);
        RestoreComparison.Restored full = restores.get(1);
        return incremental.ok() && full.ok() ? incremental.median().seconds() / full.median().seconds() : Double.NaN;
    }

    private static double share(BackupStep d, BackupStep full, ToLongFunction<BackupStep> bytes) {
        return (double) bytes.applyAsLong(d) / bytes.applyAsLong(full);
    }

    /** The median (the upper one of an even count, as {@link Rounds#median}). */
    private static double median(List<BackupStep> steps, ToDoubleFunction<BackupStep> measure) {
        double[] v = steps.stream().mapToDouble(measure).sorted().toArray();
        return v[v.length / 2];
    }

    private static double max(List<BackupStep> steps, ToDoubleFunction<BackupStep> measure) {
        return steps.stream().mapToDouble(measure).max().orElse(Double.NaN);
    }

    String table() {
        StringBuilder t = new StringBuilder();
        Settings s = settings;
        t.append(f("%nincremental backups: %,d nodes, %,d relationships, churn %.2f %% a day for %d days (seeds %d to %d), -Xmx%s%n",
                s.nodes(), s.relationships(), s.churn() * 100, s.days(), s.seed() + 1, s.seed() + s.days(), s.heap()));
        t.append(f("%-12s %-8s %8s %8s %14s %8s %14s %8s %7s  %s%n", "backup", "parent", "seconds", "RSS MB", "on disk", "of full",
                "in bucket", "of full", "JSON", "check"));
        List<BackupStep> all = new ArrayList<>();
        all.add(backups.full());
        all.addAll(backups.days());
        all.add(backups.fullOfDay1());
        if (backups.fullOfLastDay() != backups.fullOfDay1()) {
            all.add(backups.fullOfLastDay());
        }
        for (BackupStep b : all) {
            t.append(f("%-12s %-8s %8.1f %8d %,14d %7.2f%% %,14d %7.2f%% %7s  %s%n", b.id(), b.parent() == null ? "-" : b.parent(),
                    b.seconds(), b.peakRssBytes() >> 20, b.localBytes(), 100 * share(b, backups.full(), BackupStep::localBytes),
                    b.bucketBytes(), 100 * share(b, backups.full(), BackupStep::bucketBytes),
                    b.fullJsonBytes() == 0 ? "" : f("%.2f%%", 100.0 * b.jsonBytes() / b.fullJsonBytes()), b.check()));
        }
        t.append(f("the last incremental backup, read from the bucket: %s%n", bucketChainCheck));
        for (RestoreComparison.Restored r : restores) {
            t.append(f("restore %-32s runs %s s, median %s; checks: %s%n", r.source().name(),
                    r.runs().stream().map(o -> f("%.1f", o.seconds())).toList(),
                    r.ok() ? f("%.1f s, peak RSS %,d MB", r.median().seconds(), r.median().peakRssBytes() >> 20) : "FAILED", r.checks()));
        }
        t.append(f("%n%-80s %8s %8s %s%n", "figure", "value", "target", "met"));
        for (Figure x : figures()) {
            t.append(f("%-80s %8.3f %8s %s%n", x.name(), x.value(), Double.isNaN(x.atMost()) ? "" : f("<= %.2f", x.atMost()),
                    x.met() == null ? "" : x.met() ? "yes" : "NO"));
        }
        return t.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    Path writeJson(Path dir) throws IOException {
        ObjectNode root = BackupJson.MAPPER.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.set("settings", BackupJson.MAPPER.valueToTree(settings));
        root.put("server", "5.26 (neo4j-harness, in the bench's JVM); bucket: s3proxy in the bench's JVM, on disk");
        root.set("sourceAtEnd", BackupJson.MAPPER.valueToTree(source));
        root.set("fullBackup", BackupJson.MAPPER.valueToTree(backups.full()));
        root.set("incrementalBackups", BackupJson.MAPPER.valueToTree(backups.days()));
        root.set("fullOfDay1", BackupJson.MAPPER.valueToTree(backups.fullOfDay1()));
        root.set("fullOfLastDay", BackupJson.MAPPER.valueToTree(backups.fullOfLastDay()));
        root.put("chainLocalBytes", chainLocal).put("chainBucketBytes", chainBucket).put("lastIncrementalFromBucket", bucketChainCheck);
        ArrayNode restored = root.putArray("restores");
        for (RestoreComparison.Restored r : restores) {
            ObjectNode o = restored.addObject().put("name", r.source().name()).put("id", r.source().id()).put("ok", r.ok());
            ArrayNode seconds = o.putArray("runSeconds");
            ArrayNode rss = o.putArray("runPeakRssBytes");
            r.runs().forEach(run -> {
                seconds.add(run.seconds());
                rss.add(run.peakRssBytes());
            });
            if (r.ok()) {
                o.put("medianSeconds", r.median().seconds());
            }
            ArrayNode checks = o.putArray("checksWarmUpFirst");
            r.checks().forEach(checks::add);
        }
        ArrayNode figures = root.putArray("figures");
        for (Figure x : figures()) {
            ObjectNode o = figures.addObject().put("name", x.name());
            if (Double.isNaN(x.value())) {
                o.putNull("value"); // a step failed: no figure
            } else {
                o.put("value", x.value());
            }
            if (!Double.isNaN(x.atMost())) {
                o.put("targetAtMost", x.atMost()).put("met", x.met());
            }
        }
        Path file = ResultFile.in(dir, "incremental-" + settings.nodes() + "n-" + settings.relationships() + "r");
        BackupJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }
}
