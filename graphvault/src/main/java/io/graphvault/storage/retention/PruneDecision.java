package io.graphvault.storage.retention;

import java.util.List;

/** One backup and what prune did with it (or, in a dry run, would do): kept by which rules, or removed. */
public record PruneDecision(String id, String startedAt, boolean kept, List<String> reasons) {

    /** {@code keep   20261126T020000Z  daily, weekly} or {@code remove 20261120T020000Z}. */
    @Override
    public String toString() {
        return String.format("%-6s %-28s %s", kept ? "keep" : "remove", id, String.join(", ", reasons)).stripTrailing();
    }
}
