package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One step that only reads the source: its JVM options, what to do before each run, and what to run. */
record ReadRun(String baseName, List<String> jvmOptions, BeforeRun before, String mainClass, String... args) {

    /** Timed runs of each read-only step; its median is the step's time. */
    static final int RUNS = 3;

    /** What a read-only step does before each of its runs, e.g. remove the previous run's backup. */
    @FunctionalInterface
    interface BeforeRun {
        void run() throws IOException;
    }

    /** Starts one run of a step and waits for it. */
    @FunctionalInterface
    interface Launcher {
        ChildProcess.Outcome run(ReadRun step) throws IOException, InterruptedException;
    }

    /**
     * Steps that only read the source, timed alike: one untimed warm-up run of each (the page
     * cache, and the server's plans and compiled code for each step's own queries), then
     * {@link #RUNS} rounds in which each step runs once, in turn, so that a slow spell of this
     * shared machine falls on all of them rather than on one; the median of a step's runs counts.
     * A failed run is its step's outcome. {@code nameInPass} gives a step's name in the pass.
     */
    static void timeAlike(List<ReadRun> group, UnaryOperator<String> nameInPass, long records, Launcher launcher,
            BenchReport report) throws IOException, InterruptedException {
        for (ReadRun r : group) {
            log("%s: warm-up run ...", nameInPass.apply(r.baseName()));
            r.before().run();
            launcher.run(r);
        }
        Map<String, List<ChildProcess.Outcome>> timed = new LinkedHashMap<>();
        Map<String, ChildProcess.Outcome> failed = new HashMap<>();
        for (int i = 1; i <= RUNS; i++) {
            for (ReadRun r : group) {
                String name = nameInPass.apply(r.baseName());
                if (failed.containsKey(name)) {
                    continue;
                }
                log("%s: run %d of %d ...", name, i, RUNS);
                r.before().run();
                ChildProcess.Outcome o = launcher.run(r);
                if (o.ok()) {
                    timed.computeIfAbsent(name, k -> new ArrayList<>()).add(o);
                } else {
                    failed.put(name, o);
                }
            }
        }
        for (ReadRun r : group) {
            String name = nameInPass.apply(r.baseName());
            if (failed.containsKey(name)) {
                report.record(name, records, failed.get(name));
            } else {
                report.recordRuns(name, records, timed.get(name));
            }
        }
    }
}
