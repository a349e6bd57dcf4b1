package io.graphvault.restore;

import io.graphvault.restore.RelationshipClaims.RelOutcome;
import io.graphvault.restore.RelationshipClaims.RelRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * How relationship batches are shared among writers. A backup whose parallel relationships come
 * in whole groups ({@link RestorePlan#groups}) is claimed group by group without marks: rows are
 * partitioned by start node (the lane), so a group's rows go to one writer, and a batch never ends
 * inside a group, so each group is matched whole. Older backups are claimed with marks, by one
 * writer, since any row may claim any candidate. Writers that lock the same node in a different
 * order deadlock now and then; the driver retries such transactions.
 */
final class RelationshipLanes {

    private RelationshipLanes() {
    }

    /** The lane of a row: its start node. Parallel relationships share their start node, so they share a lane. */
    static int partition(RelRow row) {
        return Long.hashCode(row.start());
    }

    /** The group of a row: parallel relationships of one pair and type, which one batch claims together. */
    static Object group(RelRow row) {
        return List.of(row.start(), row.end(), row.type());
    }

    /** The relationship writer of {@code plan}: {@code writers} lanes, or one when claims need marks. */
    static ParallelBatchWriter<RelRow> writer(RestorePlan plan, Supplier<Session> sessions, int writers) {
        boolean marks = plan.marks();
        boolean lanes = plan.claimRelationships() && plan.groups();
        ToIntFunction<RelRow> byStartNode = lanes ? RelationshipLanes::partition : null;
        Function<RelRow, Object> group = lanes ? RelationshipLanes::group : null;
        // a group too large for one batch is split (ParallelBatchWriter.MAX_GROUP_FACTOR): the writer of its next batch
        // must not claim again what the last one claimed or created, so each writer carries that set along
        ThreadLocal<GroupCarry> carries = ThreadLocal.withInitial(GroupCarry::new);
        return new ParallelBatchWriter<>(sessions, plan.batchSize(), marks ? 1 : writers, byStartNode, group, (s, rows) -> {
            GroupCarry carry = carries.get();
            Set<String> carried = group != null && group.apply(rows.get(0)).equals(carry.group) ? carry.taken : Set.of();
            List<Set<String>> taken = new ArrayList<>(1);
            String batch = BatchReceipts.name("relationships", rows, RelRow::id);
            RelOutcome outcome = s.executeWrite(tx -> {
                Set<String> attempt = new HashSet<>(carried); // a retried transaction starts again from the carried set
                taken.clear();
                taken.add(attempt);
                Map<String, Value> written = BatchReceipts.find(tx, batch);
                if (written != null) { // a retry of a batch that was committed: what it came to, without writing again
                    Set<Long> unresolved = new HashSet<>(written.get("unresolved").asList(Value::asLong));
                    attempt.addAll(written.get("taken").asList(Value::asString));
                    return new RelOutcome(written.get("created").asLong(), written.get("claimed").asLong(),
                            rows.stream().filter(r -> unresolved.contains(r.id())).toList());
                }
                RelOutcome o = RelationshipClaims.write(tx, rows, plan.claimRelationships(), marks, attempt);
                // the relationships it took matter only to the next batch of a group split in two
                BatchReceipts.write(tx, batch, Map.of("created", o.created(), "claimed", o.claimed(),
                        "unresolved", o.unresolved().stream().map(RelRow::id).toList(),
                        "taken", group == null ? List.of() : List.copyOf(attempt)));
                return o;
            });
            carry.group = group == null ? null : group.apply(rows.get(rows.size() - 1));
            carry.taken = taken.get(0);
            plan.tally().relationships(outcome.created(), outcome.claimed(), outcome.unresolved());
            plan.progress().advance(rows.size());
        });
    }

    /** The last group a writer wrote and the relationships its batch claimed or created. */
    private static final class GroupCarry {
        Object group;
        Set<String> taken = Set.of();
    }
}
