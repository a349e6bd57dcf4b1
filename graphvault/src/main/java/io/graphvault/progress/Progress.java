package io.graphvault.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of one long task against its expected total: a live bar on a terminal, a log line every
 * {@code interval} otherwise, and one summary line at the end either way. Written to stderr so that
 * stdout stays clean for results and {@code --json}.
 */
public final class Progress {

    private static volatile ProgressSettings settings = ProgressSettings.detect();

    private final String task;
    private final String unit;
    private final PrintStream out;
    private final boolean live;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long total;
    private long done;
    private long lastPrintNanos = startNanos;

    private Progress(String task, String unit, long total) {
        ProgressSettings s = settings;
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.out = s.out();
        this.live = s.terminal();
        this.intervalNanos = s.interval().toNanos();
    }

    public static Progress start(String task, String unit, long total) {
        return new Progress(task, unit, total);
    }

    /** Replaces how progress is shown for this process (the command line sets it once; tests too). */
    static void configure(ProgressSettings newSettings) {
        settings = newSettings;
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (settings.quiet()) {
            return;
        }
        if (live && now - lastPrintNanos > 200_000_000L) {
            lastPrintNanos = now;
            out.print("\r" + bar() + "  " + line(now));
            out.flush();
        } else if (!live && now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            out.println(task + ": " + line(now));
        }
    }

    public synchronized long done() {
        return done;
    }

    /** Prints the one-line summary and returns the elapsed time. */
    public synchronized Duration finish() {
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - startNanos);
        if (!settings.quiet()) {
            String summary = String.format(Locale.ROOT, "%s: %,d %s in %.1f s (%,.0f %s/s)", task, done, unit,
                    elapsed.toMillis() / 1000.0, rate(now), unit);
            out.println(live ? "\r" + summary + " ".repeat(20) : summary);
        }
        return elapsed;
    }

    private double rate(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        return done / seconds;
    }

    private String line(long now) {
        double rate = rate(now);
        String eta = total > done && rate > 0 ? String.format(Locale.ROOT, ", %.0f s left", (total - done) / rate) : "";
        if (total > 0) {
            return String.format(Locale.ROOT, "%,d of %,d %s (%.0f%%), %,.0f %s/s%s", done, total, unit,
                    100.0 * done / total, rate, unit, eta);
        }
        return String.format(Locale.ROOT, "%,d %s, %,.0f %s/s", done, unit, rate, unit);
    }

    private String bar() {
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        return task + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }
}
