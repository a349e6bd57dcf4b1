package io.graphvault.backup;

/**
 * Numbers relationships of one type between the same two nodes (1, 2, ...). The scan yields
 * each start node's relationships together, in ascending start id (then the hubs, again in
 * ascending id: {@link #restart()}), each node's sorted by end node and type, so a group of
 * parallel ones is one run and only the current group is held, however many relationships a
 * hub has. Should the order ever differ, {@link #complete()} says so and the restore falls back
 * to marking the relationships it matches.
 */
final class SiblingCounter {
    private long start = Long.MIN_VALUE;
    private long end;
    private String type;
    private int count;
    private boolean complete = true;

    /** Start ids begin again from the lowest: the hubs read at the end, none of them written before. */
    void restart() {
        start = Long.MIN_VALUE;
    }

    int next(long from, long to, String relType) {
        if (from != start) {
            complete &= from > start; // start nodes in ascending id, each once
            start = from;
        } else if (to == end && relType.equals(type)) {
            return ++count;
        } else {
            complete &= to > end || to == end && relType.compareTo(type) > 0; // a group left is never met again
        }
        end = to;
        type = relType;
        count = 1;
        return count;
    }

    boolean complete() {
        return complete;
    }
}
