package io.graphvault.restore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one restore did so far: counts, notes and problems. The writer threads count into it as
 * they finish their batches, so every part of it is thread-safe; nothing else of a restore changes
 * once it is decided ({@link RestorePlan}).
 */
final class RestoreTally {

    /** How many unresolved relationships a report names by file, line and endpoints. */
    static final int UNRESOLVED_NAMED = 5;

    private final long startNanos = System.nanoTime();
    private final LongAdder nodesWritten = new LongAdder();
    private final LongAdder relationshipsCreated = new LongAdder();
    private final LongAdder relationshipsClaimed = new LongAdder();
    private final LongAdder relationshipsUnresolved = new LongAdder();
    private final Map<String, LongAdder> rowsByWriter = new ConcurrentHashMap<>();
    private final List<String> unresolvedNamed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile String safetyBackupId;

    void nodes(long written) {
        nodesWritten.add(written);
        byWriter(written);
    }

    void relationships(long created, long claimed, List<RelationshipClaims.RelRow> unresolved) {
        relationshipsCreated.add(created);
        relationshipsClaimed.add(claimed);
        relationshipsUnresolved.add(unresolved.size());
        synchronized (unresolvedNamed) {
            unresolved.stream().limit(Math.max(0, UNRESOLVED_NAMED - unresolvedNamed.size()))
                    .forEach(r -> unresolvedNamed.add(r.describe()));
        }
        byWriter(created + claimed + unresolved.size());
    }

    private void byWriter(long rows) {
        rowsByWriter.computeIfAbsent(Thread.currentThread().getName(), k -> new LongAdder()).add(rows);
    }

    void note(String note) {
        notes.add(note);
    }

    void notes(List<String> more) {
        notes.addAll(more);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void problems(List<String> more) {
        problems.addAll(more);
    }

    void safetyBackup(String id) {
        safetyBackupId = id;
    }

    long nodesWritten() {
        return nodesWritten.sum();
    }

    long relationshipsCreated() {
        return relationshipsCreated.sum();
    }

    long relationshipsClaimed() {
        return relationshipsClaimed.sum();
    }

    long relationshipsUnresolved() {
        return relationshipsUnresolved.sum();
    }

    List<String> unresolvedNamed() {
        return List.copyOf(unresolvedNamed);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String safetyBackupId() {
        return safetyBackupId;
    }

    /** Rows each writer thread wrote, by thread name: how evenly the lanes shared the work. */
    Map<String, Long> rowsByWriter() {
        Map<String, Long> out = new TreeMap<>();
        rowsByWriter.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
