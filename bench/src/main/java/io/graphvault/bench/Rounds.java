package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Steps timed alike: one untimed warm-up run of each (the page cache, and the server's plans and compiled code
 * for each step's own queries), then {@link #RUNS} rounds in which each step runs once, in turn, so that a slow
 * spell of this shared machine falls on all of them rather than on one.
 */
final class Rounds {

    /** Timed runs of each step; its median is the step's time. */
    static final int RUNS = 3;

    /** Starts one run of a step (whatever has to come first included) and waits for it. */
    @FunctionalInterface
    interface Launcher<S> {
        ChildProcess.Outcome run(S step) throws IOException, InterruptedException;
    }

    private Rounds() {
    }

    /**
     * Each step's timed outcomes, in the order they ran. A step that fails runs no more: its list ends with the
     * failed outcome.
     */
    static <S> Map<S, List<ChildProcess.Outcome>> run(List<S> group, Function<S, String> name, Launcher<S> launcher)
            throws IOException, InterruptedException {
        for (S s : group) {
            log("%s: warm-up run ...", name.apply(s));
            launcher.run(s);
        }
        Map<S, List<ChildProcess.Outcome>> timed = new IdentityHashMap<>();
        group.forEach(s -> timed.put(s, new ArrayList<>()));
        for (int i = 1; i <= RUNS; i++) {
            for (S s : group) {
                List<ChildProcess.Outcome> runs = timed.get(s);
                if (!runs.isEmpty() && !runs.get(runs.size() - 1).ok()) {
                    continue;
                }
                log("%s: run %d of %d ...", name.apply(s), i, RUNS);
                runs.add(launcher.run(s));
            }
        }
        return timed;
    }

    /** The median run by time (the upper one of an even count), as the step's figures. */
    static ChildProcess.Outcome median(List<ChildProcess.Outcome> runs) {
        List<ChildProcess.Outcome> sorted = runs.stream()
                .sorted(java.util.Comparator.comparingDouble(ChildProcess.Outcome::timedSeconds)).toList();
        return sorted.get(sorted.size() / 2);
    }
}
