package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.log;

import io.graphvault.format.BackupManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neo4j.driver.Driver;

/**
 * bench/incremental's backups of the source, each {@code --to both} by the product jar: a full one on the chain,
 * then each day churn and an incremental one on the chain; and full ones of the same state as day 1 and as the
 * last day on the side, where no incremental backup takes them for its parent.
 */
final class IncrementalDays {

    /** The chain's full backup and its incremental ones by day; the side's fulls of day 1's and the last day's state. */
    record Backups(BackupStep full, List<BackupStep> days, BackupStep fullOfDay1, BackupStep fullOfLastDay) {
        BackupStep last() {
            return days.get(days.size() - 1);
        }
    }

    private final ProductJar jar;
    private final BenchServer source;
    private final BackupPlace chain;
    private final BackupPlace side;
    private final BackupPlace warmUp;

    /** {@code warmUp}: where an untimed backup goes first, measured nowhere and no one's parent. */
    IncrementalDays(ProductJar jar, BenchServer source, BackupPlace chain, BackupPlace side, BackupPlace warmUp) {
        this.jar = jar;
        this.source = source;
        this.chain = chain;
        this.side = side;
        this.warmUp = warmUp;
    }

    /** Day {@code d}'s churn has the seed {@code seed + d}, so each day's choices are new and the run repeats. */
    Backups run(SyntheticGraph graph, int nodes, double churn, int days, long seed) throws IOException, InterruptedException {
        // The first run of the product jar reads its 59 MB cold and the server's plans for the backup's queries are not
        // compiled yet: it took 10.6 s where the next full ones took 5.5 s (2,000 nodes). Untimed, as bench/run warms up.
        log("backup warm-up (untimed) ...");
        jar.require(warmUp.env(source), "backup", "--to", "both", "--name", "warm-up");
        BackupStep full = backup(chain, "full", 0, null, null);
        List<BackupStep> incrementals = new ArrayList<>();
        BackupStep fullOfDay1 = null;
        String parent = full.id();
        for (int day = 1; day <= days; day++) {
            Churn.Counts counts;
            try (Driver driver = source.newDriver()) {
                // new keys from nodes × day on: the loaded graph's ids are below nodes, and a day creates at most a quarter of them
                counts = Churn.keepingSize(graph, Math.multiplyExact(nodes, day), churn, seed + day).apply(driver);
            }
            log("day %d churn (seed %d): %s", day, seed + day, counts);
            BackupStep step = backup(chain, dayId(day), day, counts, parent);
            incrementals.add(step);
            parent = step.id();
            if (day == 1) {
                fullOfDay1 = backup(side, "full-" + dayId(day), day, null, null);
            }
        }
        BackupStep fullOfLastDay = days == 1 ? fullOfDay1 : backup(side, "full-" + dayId(days), days, null, null);
        return new Backups(full, incrementals, fullOfDay1, fullOfLastDay);
    }

    private static String dayId(int day) {
        return String.format(Locale.ROOT, "day-%02d", day);
    }

    /** {@code expectedParent}: null for a full backup, else the backup an incremental one must name as its parent. */
    private BackupStep backup(BackupPlace place, String id, int day, Churn.Counts churn, String expectedParent)
            throws IOException, InterruptedException {
        boolean incremental = expectedParent != null;
        log("backup %s%s ...", id, incremental ? " --incremental" : "");
        ChildProcess.Outcome o = incremental
                ? jar.require(place.env(source), "backup", "--to", "both", "--name", id, "--incremental")
                : jar.require(place.env(source), "backup", "--to", "both", "--name", id);
        BackupManifest m = place.manifest(id);
        String check = new GraphCounts(m.counts().nodes(), m.counts().relationships()).check(GraphCounts.of(source));
        if (incremental && !expectedParent.equals(m.parent())) {
            check += ", PARENT " + m.parent() + " NOT " + expectedParent;
        }
        BackupManifest.Incremental inc = m.incremental();
        BackupStep step = new BackupStep(id, day, incremental, m.parent(), o.seconds(), o.clientCpuSeconds(), o.peakRssBytes(),
                place.localBytes(id), place.bucketBytes(id), inc == null ? 0 : inc.jsonBytes(), inc == null ? 0 : inc.fullJsonBytes(),
                churn, check);
        log("backup %s: %.1f s, peak RSS %,d MB, %,d bytes on disk, %,d in the bucket; %s", id, step.seconds(),
                step.peakRssBytes() >> 20, step.localBytes(), step.bucketBytes(), check);
        return step;
    }
}
