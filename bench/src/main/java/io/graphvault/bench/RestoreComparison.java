package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/incremental's restores into the emptied target: the last incremental backup (read through its whole
 * chain) against a full backup of the same state, timed alike ({@link Rounds}). Each restore is checked, untimed:
 * the target's counts against the source's, then {@code verify --from ID --against-db}.
 */
final class RestoreComparison {

    /** One backup to restore: its name in the log and the report, where it is kept, and its id there. */
    record Source(String name, BackupPlace place, String id) {
    }

    /** A restore's timed runs (a failed one ends the list) and the checks after each run, warm-up first. */
    record Restored(Source source, List<ChildProcess.Outcome> runs, List<String> checks) {
        boolean ok() {
            return runs.get(runs.size() - 1).ok();
        }

        ChildProcess.Outcome median() {
            return Rounds.median(runs);
        }
    }

    private final ProductJar jar;
    private final ProductJar checker;
    private final BenchServer target;
    private final GraphCounts expected;

    /** {@code checker} runs the checks: with the JVM's default heap, as bench/run's, so a check fails only on content. */
    RestoreComparison(ProductJar jar, ProductJar checker, BenchServer target, GraphCounts expected) {
        this.jar = jar;
        this.checker = checker;
        this.target = target;
        this.expected = expected;
    }

    List<Restored> run(List<Source> sources) throws IOException, InterruptedException {
        Map<Source, List<String>> checks = new java.util.IdentityHashMap<>();
        sources.forEach(s -> checks.put(s, new ArrayList<>()));
        Map<Source, List<ChildProcess.Outcome>> runs = Rounds.run(sources, Source::name, s -> {
            ChildProcess.Outcome o = restore(s);
            checks.get(s).add(o.ok() ? check(s) : "FAILED");
            return o;
        });
        return sources.stream().map(s -> new Restored(s, runs.get(s), checks.get(s))).toList();
    }

    private ChildProcess.Outcome restore(Source s) throws IOException, InterruptedException {
        target.wipe();
        ChildProcess.Outcome o = jar.run(s.place().env(target), "restore", "--from", s.id(), "--yes");
        if (o.ok()) {
            log("%s: %.1f s, peak RSS %,d MB", s.name(), o.seconds(), o.peakRssBytes() >> 20);
        } else {
            // the product failed: kept in the log word for word, for the report to the product
            log("%s FAILED: %s", s.name(), jar.failure(o, "restore", "--from", s.id(), "--yes"));
        }
        return o;
    }

    private String check(Source s) throws IOException, InterruptedException {
        String counts = GraphCounts.of(target).check(expected);
        ChildProcess.Outcome verify = checker.run(s.place().env(target), "verify", "--from", s.id(), "--against-db");
        if (!verify.ok()) {
            log("%s: %s", s.name(), checker.failure(verify, "verify", "--from", s.id(), "--against-db"));
        }
        String check = counts + (verify.ok() ? ", content ok" : ", verify --against-db " + verify.reason());
        log("%s: %s", s.name(), check);
        return check;
    }
}
