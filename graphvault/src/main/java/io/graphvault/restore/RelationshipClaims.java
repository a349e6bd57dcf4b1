package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.TypedValueReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.quote;

/**
 * Writes one batch of relationships in one transaction. Endpoints are found by their merge key or
 * by the helper id ({@link RestoreHelpers}). On a database that already holds relationships, each
 * row first claims an existing relationship of its type between the same two nodes (same
 * properties first, then one changed since the backup), which keeps parallel relationships apart
 * and a replay free of duplicates; only rows left over are created.
 */
final class RelationshipClaims {

    /** One relationship to write, and where it came from ({@code file}, {@code line} if above 0), to name it if it cannot be. */
    record RelRow(long id, String type, long start, long end, JsonNode startKey, JsonNode endKey,
            Map<String, Object> props, String file, long line) {

        /** For the report: where the relationship is and which endpoints were looked for. */
        String describe() {
            return file + (line > 0 ? " line " + line : "") + ": relationship " + id + " :" + type + " from " + endpoint(startKey, start)
                    + " to " + endpoint(endKey, end);
        }

        private static String endpoint(JsonNode key, long exportId) {
            if (key == null || key.isNull()) {
                return "node " + exportId + " (no key)";
            }
            return "(:" + key.path("label").asText() + " {" + key.path("property").asText() + ": " + key.path("value") + "})";
        }
    }

    /**
     * The rows of a batch that share one query: their endpoints' patterns and their type, kept
     * apart (names come from the backup file and may hold any character, so a joined string split
     * again could cut one in two and leave the rest of it unquoted in the query).
     */
    private record RelGroup(String match, String type) {
    }

    /** What a batch of relationships came to: the rows it created, those it matched, those whose endpoints it did not find. */
    record RelOutcome(long created, long claimed, List<RelRow> unresolved) {
    }

    private RelationshipClaims() {
    }

    /** {@code taken}: relationships no row may claim, to which it adds its own. */
    static RelOutcome write(TransactionContext tx, List<RelRow> rows, boolean claim, boolean marks, Set<String> taken) {
        Map<RelGroup, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        Map<Long, RelRow> open = new HashMap<>(); // rows neither created nor claimed yet, by their export id
        for (RelRow row : rows) {
            open.put(row.id(), row);
            Map<String, Object> p = new HashMap<>();
            p.put("id", row.id());
            p.put("s", row.startKey() == null ? row.start() : TypedValueReader.readValue(row.startKey().get("value")));
            p.put("e", row.endKey() == null ? row.end() : TypedValueReader.readValue(row.endKey().get("value")));
            p.put("props", row.props());
            String match = "UNWIND $rows AS row MATCH (a" + endpoint(row.startKey(), "row.s") + ") MATCH (b"
                    + endpoint(row.endKey(), "row.e") + ") ";
            groups.computeIfAbsent(new RelGroup(match, row.type()), q -> new ArrayList<>()).add(p);
        }
        long created = 0;
        long claimed = 0;
        for (Map.Entry<RelGroup, List<Map<String, Object>>> g : groups.entrySet()) {
            String match = g.getKey().match();
            String type = quote(g.getKey().type());
            List<Map<String, Object>> params = g.getValue();
            if (claim) {
                claimed += claimRelationships(tx, match, type, params, marks, taken);
                params.stream().filter(p -> Boolean.TRUE.equals(p.get("claimed"))).forEach(p -> open.remove((Long) p.get("id")));
                params = params.stream().filter(p -> !Boolean.TRUE.equals(p.get("claimed"))).toList();
            }
            if (!params.isEmpty()) {
                String create = match + "CREATE (a)-[r:" + type + "]->(b) SET r = row.props"
                        + (marks ? ", r." + quote(RestoreHelpers.REL_ID) + " = row.id" : "") + " RETURN row.id AS row, elementId(r) AS id";
                for (Record r : tx.run(create, Values.parameters("rows", params)).list()) {
                    open.remove(r.get(0).asLong());
                    taken.add(r.get(1).asString());
                    created++;
                }
            }
        }
        return new RelOutcome(created, claimed, List.copyOf(open.values()));
    }

    /**
     * Gives each row an existing relationship of its type between its endpoints: first one with
     * exactly its properties, then, for rows left, any other one (a relationship changed since the
     * backup, updated in place), in id order; rows left after that are created. Without marks the
     * candidates of a row are all the relationships of its group, which the batch holds whole; an
     * unchanged graph then costs reads only. With marks, claimed relationships carry the row's id
     * until the restore ends, so a later batch cannot claim them again. Marks {@code claimed=true}
     * on the rows it claims.
     *
     * <p>The rows of one pair of endpoints share their candidates, so they are looked up once per
     * pair and compared here by their canonical text. Looking them up per row and comparing on the
     * server grew with the square of a group: a replay of 3,340 parallel relationships of one pair
     * ran out of the server's transaction memory (1.2 GiB).
     */
    private static long claimRelationships(TransactionContext tx, String match, String type, List<Map<String, Object>> params,
            boolean marks, Set<String> taken) {
        Map<List<Object>, List<Map<String, Object>>> rowsByPair = new LinkedHashMap<>();
        for (Map<String, Object> row : params) {
            rowsByPair.computeIfAbsent(Arrays.asList(row.get("s"), row.get("e")), k -> new ArrayList<>()).add(row);
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        List<List<Candidate>> candidates = new ArrayList<>();
        for (List<Object> pair : rowsByPair.keySet()) {
            Map<String, Object> p = new HashMap<>();
            p.put("k", pairs.size());
            p.put("s", pair.get(0));
            p.put("e", pair.get(1));
            pairs.add(p);
            candidates.add(new ArrayList<>());
        }
        tx.run(match + "MATCH (a)-[r:" + type + "]->(b)" + (marks ? " WHERE r." + quote(RestoreHelpers.REL_ID) + " IS NULL" : "")
                + " RETURN row.k AS k, elementId(r) AS id, properties(r) AS props ORDER BY k, size(id), id", Values.parameters("rows", pairs))
                .forEachRemaining(r -> candidates.get(r.get("k").asInt())
                        .add(new Candidate(r.get("id").asString(), GraphSnapshot.props(r.get("props").asMap(v -> v)))));
        List<Map<String, Object>> writes = new ArrayList<>();
        long claimed = 0;
        int pair = 0;
        for (List<Map<String, Object>> rows : rowsByPair.values()) {
            List<Candidate> of = candidates.get(pair++);
            if (of.isEmpty()) {
                continue;
            }
            Map<String, Deque<String>> byProps = new HashMap<>();
            for (Candidate c : of) {
                byProps.computeIfAbsent(c.props(), x -> new ArrayDeque<>()).add(c.id());
            }
            for (Map<String, Object> row : rows) {
                @SuppressWarnings("unchecked")
                Map<String, Object> props = (Map<String, Object>) row.get("props");
                String rel = untaken(byProps.get(GraphSnapshot.props(RestoreHelpers.values(props))), taken);
                if (rel != null) {
                    row.put("claimed", true);
                    claimed++;
                    if (marks) {
                        writes.add(Map.of("rel", rel, "id", row.get("id"), "props", row.get("props")));
                    }
                }
            }
            Iterator<Candidate> any = of.iterator();
            for (Map<String, Object> row : rows) {
                String rel = Boolean.TRUE.equals(row.get("claimed")) ? null : untaken(any, taken);
                if (rel != null) {
                    row.put("claimed", true);
                    claimed++;
                    writes.add(Map.of("rel", rel, "id", row.get("id"), "props", row.get("props")));
                }
            }
        }
        if (!writes.isEmpty()) {
            tx.run("UNWIND $writes AS w MATCH ()-[r]->() WHERE elementId(r) = w.rel SET r += w.props"
                    + (marks ? ", r." + quote(RestoreHelpers.REL_ID) + " = w.id" : ""), Values.parameters("writes", writes)).consume();
        }
        return claimed;
    }

    /** An existing relationship that a row may claim, and its properties' canonical text. */
    private record Candidate(String id, String props) {
    }

    /** The first relationship of {@code ids} not yet taken, which it takes; null when none is left. */
    private static String untaken(Deque<String> ids, Set<String> taken) {
        while (ids != null && !ids.isEmpty()) {
            String id = ids.poll();
            if (taken.add(id)) {
                return id;
            }
        }
        return null;
    }

    /** The next candidate not yet taken, which it takes; null when none is left. */
    private static String untaken(Iterator<Candidate> candidates, Set<String> taken) {
        while (candidates.hasNext()) {
            String id = candidates.next().id();
            if (taken.add(id)) {
                return id;
            }
        }
        return null;
    }

    private static String endpoint(JsonNode key, String param) {
        if (key == null || key.isNull()) {
            return ":" + quote(RestoreHelpers.LABEL) + " {" + quote(RestoreHelpers.ID) + ": " + param + "}";
        }
        return ":" + quote(key.path("label").asText()) + " {" + quote(key.path("property").asText()) + ": " + param + "}";
    }

}
