package io.graphvault.storage.retention;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies a {@link RetentionPolicy} to the backups of one store (local folder or bucket), with the
 * guards no rule overrides: the newest backup stays, a backup {@code deletable} refuses stays, and
 * if no kept backup verifies, the newest one that does stays too, so pruning never leaves nothing
 * to restore from. Every parent of a kept incremental backup stays too ("parent of ID"), down to its
 * full backup: a chain's space is freed once no kept backup needs any of it. Partial backups never
 * reach here: the stores list completed ones only.
 */
public final class Pruning<T> {

    private final Function<T, String> id;
    private final Function<T, String> startedAt;
    private final Predicate<T> verifies;
    private final Consumer<T> delete;
    private final Function<T, String> parent;

    /** {@code parent}: the id of an incremental backup's parent, null for a full one. */
    public Pruning(Function<T, String> id, Function<T, String> startedAt, Function<T, String> parent, Predicate<T> verifies,
            Consumer<T> delete) {
        this.id = id;
        this.parent = parent;
        this.startedAt = startedAt;
        this.verifies = verifies;
        this.delete = delete;
    }

    /** {@code newestFirst}: completed backups, the one just taken (if any) first. */
    public List<PruneDecision> apply(List<T> newestFirst, RetentionPolicy policy, Predicate<T> deletable, boolean dryRun) {
        List<Set<String>> reasons = policy.reasons(newestFirst.stream().map(this::time).toList());
        if (!newestFirst.isEmpty()) {
            reasons.get(0).add("newest");
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            if (reasons.get(i).isEmpty() && !deletable.test(newestFirst.get(i))) {
                reasons.get(i).add("not yet in S3");
            }
        }
        keepOneThatVerifies(newestFirst, reasons);
        keepParents(newestFirst, reasons);
        List<PruneDecision> out = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            T backup = newestFirst.get(i);
            boolean kept = !reasons.get(i).isEmpty();
            if (!kept && !dryRun) {
                delete.accept(backup);
            }
            out.add(new PruneDecision(id.apply(backup), startedAt.apply(backup), kept, List.copyOf(reasons.get(i))));
        }
        return out;
    }

    /** Every ancestor of a kept backup stays: an incremental backup is read together with them. */
    private void keepParents(List<T> newestFirst, List<Set<String>> reasons) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            index.putIfAbsent(id.apply(newestFirst.get(i)), i);
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            if (reasons.get(i).isEmpty() || reasons.get(i).stream().allMatch(r -> r.startsWith("parent of "))) {
                continue; // an ancestor is reached from the kept backup that needs it, below
            }
            T child = newestFirst.get(i);
            Set<Integer> seen = new HashSet<>();
            for (Integer p = index.get(parent.apply(child)); p != null && seen.add(p); p = index.get(parent.apply(newestFirst.get(p)))) {
                reasons.get(p).add("parent of " + id.apply(child));
            }
        }
    }

    /** Whether a backup and, when it is incremental, every parent it is read with verify. */
    private boolean verifiesWithParents(List<T> newestFirst, T backup) {
        Set<String> seen = new HashSet<>();
        for (T b = backup; b != null && seen.add(id.apply(b)); b = find(newestFirst, parent.apply(b))) {
            if (!verifies.test(b)) {
                return false;
            }
            if (parent.apply(b) != null && find(newestFirst, parent.apply(b)) == null) {
                return false;
            }
        }
        return true;
    }

    private T find(List<T> backups, String wanted) {
        return wanted == null ? null : backups.stream().filter(b -> wanted.equals(id.apply(b))).findFirst().orElse(null);
    }

    /**
     * Only when something would go: verifying reads whole backups. Kept ones are checked newest
     * first until one verifies; failing that, the newest removal candidate that verifies is kept.
     */
    private void keepOneThatVerifies(List<T> newestFirst, List<Set<String>> reasons) {
        if (reasons.stream().noneMatch(Set::isEmpty)) {
            return;
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            if (!reasons.get(i).isEmpty() && verifiesWithParents(newestFirst, newestFirst.get(i))) {
                return;
            }
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            if (reasons.get(i).isEmpty() && verifiesWithParents(newestFirst, newestFirst.get(i))) {
                reasons.get(i).add("newest that verifies");
                return;
            }
        }
    }

    /** A start time that does not read (a hand-edited manifest) sorts as the oldest possible. */
    private Instant time(T backup) {
        try {
            return Instant.parse(startedAt.apply(backup));
        } catch (DateTimeParseException | NullPointerException e) {
            return Instant.EPOCH;
        }
    }
}
