package io.graphvault.storage.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups a set of keep rules holds, with restic's {@code forget} semantics: backups newest
 * first; {@code last} keeps the N newest; each period rule keeps, for each of the N most recent
 * periods (UTC hours, days, ISO weeks, months, years) that hold a backup, the newest backup of that
 * period. A backup kept by any rule is kept. Pure: no files, no clock.
 */
public record RetentionPolicy(int last, int hourly, int daily, int weekly, int monthly, int yearly) {

    public RetentionPolicy {
        for (int n : new int[] {last, hourly, daily, weekly, monthly, yearly}) {
            if (n < 0) {
                throw new IllegalArgumentException("a keep count is " + n + ": use 0 or a positive number");
            }
        }
    }

    public static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, 0, 0, 0, 0, 0);
    }

    /** Some rule keeps something: without one, every backup but the newest would go. */
    public boolean any() {
        return last + hourly + daily + weekly + monthly + yearly > 0;
    }

    /** The rules set, as in the log: {@code last=7, daily=2}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        String[] names = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
        int[] counts = {last, hourly, daily, weekly, monthly, yearly};
        for (int i = 0; i < names.length; i++) {
            if (counts[i] > 0) {
                parts.add(names[i] + "=" + counts[i]);
            }
        }
        return String.join(", ", parts);
    }

    /** For each start time (newest first), the names of the rules that keep it; empty: not kept. */
    public List<Set<String>> reasons(List<Instant> newestFirst) {
        List<Set<String>> out = new ArrayList<>();
        newestFirst.forEach(t -> out.add(new LinkedHashSet<>()));
        for (int i = 0; i < Math.min(last, newestFirst.size()); i++) {
            out.get(i).add("last");
        }
        bucket(newestFirst, out, "hourly", hourly, t -> t.truncatedTo(ChronoUnit.HOURS));
        bucket(newestFirst, out, "daily", daily, t -> t.truncatedTo(ChronoUnit.DAYS));
        bucket(newestFirst, out, "weekly", weekly,
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        bucket(newestFirst, out, "monthly", monthly, t -> t.getYear() + "-" + t.getMonthValue());
        bucket(newestFirst, out, "yearly", yearly, ZonedDateTime::getYear);
        return out;
    }

    /** The newest backup of each of the {@code count} most recent periods that hold one. */
    private static void bucket(List<Instant> newestFirst, List<Set<String>> out, String rule, int count,
            Function<ZonedDateTime, Object> period) {
        Object previous = null;
        int left = count;
        for (int i = 0; i < newestFirst.size() && left > 0; i++) {
            Object p = period.apply(newestFirst.get(i).atZone(ZoneOffset.UTC));
            if (!p.equals(previous)) {
                out.get(i).add(rule);
                previous = p;
                left--;
            }
        }
    }
}
