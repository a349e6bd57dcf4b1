package io.graphvault.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One step that only reads the source: its JVM options, what to do before each run, and what to run. */
record ReadRun(String baseName, List<String> jvmOptions, BeforeRun before, String mainClass, String... args) {

    /** What a read-only step does before each of its runs, e.g. remove the previous run's backup. */
    @FunctionalInterface
    interface BeforeRun {
        void run() throws IOException;
    }

    /**
     * Steps that only read the source, timed alike ({@link Rounds}); the median of a step's runs counts. A failed
     * run is its step's outcome. {@code nameInPass} gives a step's name in the pass.
     */
    static void timeAlike(List<ReadRun> group, UnaryOperator<String> nameInPass, long records, Rounds.Launcher<ReadRun> launcher,
            BenchReport report) throws IOException, InterruptedException {
        Map<ReadRun, List<ChildProcess.Outcome>> timed = Rounds.run(group, r -> nameInPass.apply(r.baseName()), r -> {
            r.before().run();
            return launcher.run(r);
        });
        for (ReadRun r : group) {
            String name = nameInPass.apply(r.baseName());
            List<ChildProcess.Outcome> runs = timed.get(r);
            ChildProcess.Outcome last = runs.get(runs.size() - 1);
            if (last.ok()) {
                report.recordRuns(name, records, runs);
            } else {
                report.record(name, records, last);
            }
        }
    }
}
