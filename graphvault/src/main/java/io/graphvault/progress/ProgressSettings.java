package io.graphvault.progress;

import java.io.PrintStream;
import java.time.Duration;

/** Where and how often progress is shown: a live bar on a terminal, periodic lines elsewhere. */
record ProgressSettings(PrintStream out, boolean terminal, Duration interval, boolean quiet) {

    public static ProgressSettings detect() {
        return new ProgressSettings(System.err, System.console() != null, Duration.ofSeconds(5), false);
    }
}
