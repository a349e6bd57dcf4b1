package io.graphvault.bench;

import io.graphvault.internal.CypherNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.summary.SummaryCounters;

/**
 * Uniform churn on the synthetic graph, from a seeded Random: a fraction of the nodes get one property
 * updated, half as many are deleted (with their relationships) and as many created; the same fraction of
 * the relationships get one property updated, half as many are deleted and as many created between
 * random surviving nodes. Every write is batched Cypher with parameters.
 */
final class Churn {

    /** What the writes did, as the server counted it. */
    record Counts(long nodesUpdated, long nodesDeleted, long nodesCreated, long relationshipsUpdated,
            long relationshipsDeleted, long relationshipsDeletedWithNodes, long relationshipsCreated) {
    }

    private static final int BATCH = 10_000;

    private final SyntheticGraph graph;
    /** The synthetic id of the first node this churn creates: past every id used so far, so its keys are new. */
    private final int firstNewId;
    private final double fraction;
    private final Random random;
    /**
     * Also as many relationships created as the node deletions took with them: the graph then keeps its size, where
     * otherwise each day's churn of 1 % would take about 1 % of the relationships for good (30 % over 30 days).
     */
    private final boolean keepSize;

    Churn(SyntheticGraph graph, int firstNewId, double fraction, long seed) {
        this(graph, firstNewId, fraction, seed, false);
    }

    private Churn(SyntheticGraph graph, int firstNewId, double fraction, long seed, boolean keepSize) {
        this.graph = graph;
        this.firstNewId = firstNewId;
        this.fraction = fraction;
        this.random = new Random(seed);
        this.keepSize = keepSize;
    }

    /** Churn that keeps the graph's size, day after day ({@link #keepSize}). */
    static Churn keepingSize(SyntheticGraph graph, int firstNewId, double fraction, long seed) {
        return new Churn(graph, firstNewId, fraction, seed, true);
    }

    Counts apply(Driver driver) {
        try (Session s = driver.session()) {
            List<Record> nodeRows = s.run("MATCH (n) RETURN elementId(n) AS id, labels(n)[0] AS label").list();
            List<String> relIds = s.run("MATCH ()-[r]->() RETURN elementId(r) AS id").list(r -> r.get("id").asString());
            int nodeUpdates = (int) Math.round(fraction * nodeRows.size());
            int relUpdates = (int) Math.round(fraction * relIds.size());
            // disjoint picks: the first ones are updated, the next ones deleted
            List<Integer> nodePick = pick(nodeRows.size(), nodeUpdates + nodeUpdates / 2);
            List<Integer> relPick = pick(relIds.size(), relUpdates + relUpdates / 2);

            List<Map<String, Object>> updates = new ArrayList<>();
            for (int i : nodePick.subList(0, nodeUpdates)) {
                Record n = nodeRows.get(i);
                updates.add(Map.of("id", n.get("id").asString(), "props", updatedProperty(n.get("label").asString())));
            }
            long nodesUpdated = write(s, "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n += row.props", updates)
                    .propertiesSet();

            List<Map<String, Object>> relUpdateRows = new ArrayList<>();
            for (int i : relPick.subList(0, relUpdates)) {
                relUpdateRows.add(Map.of("id", relIds.get(i), "weight", random.nextDouble()));
            }
            long relsUpdated = write(s, "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id SET r.weight = row.weight",
                    relUpdateRows).propertiesSet();
            List<Map<String, Object>> relDeletes = new ArrayList<>();
            for (int i : relPick.subList(relUpdates, relPick.size())) {
                relDeletes.add(Map.of("id", relIds.get(i)));
            }
            long relsDeleted = write(s, "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id DELETE r", relDeletes)
                    .relationshipsDeleted();

            Set<Integer> deleted = new HashSet<>(nodePick.subList(nodeUpdates, nodePick.size()));
            List<String> survivors = new ArrayList<>();
            for (int i = 0; i < nodeRows.size(); i++) {
                if (!deleted.contains(i)) {
                    survivors.add(nodeRows.get(i).get("id").asString());
                }
            }
            long relsCreated = createRelationships(s, relDeletes.size(), survivors);

            List<Map<String, Object>> nodeDeletes = new ArrayList<>();
            deleted.forEach(i -> nodeDeletes.add(Map.of("id", nodeRows.get(i).get("id").asString())));
            Written detach = write(s, "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id DETACH DELETE n", nodeDeletes);
            long nodesCreated = createNodes(s, nodeDeletes.size());
            if (keepSize) {
                relsCreated += createRelationships(s, Math.toIntExact(detach.relationshipsDeleted()), survivors);
            }
            return new Counts(nodesUpdated, detach.nodesDeleted(), nodesCreated, relsUpdated, relsDeleted,
                    detach.relationshipsDeleted(), relsCreated);
        }
    }

    /** {@code count} distinct indexes below {@code size}, uniformly (a partial Fisher-Yates shuffle). */
    private List<Integer> pick(int size, int count) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        List<Integer> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
            picked.add(all[i]);
        }
        return picked;
    }

    /** One existing, non-key property of the label a new value: the record keeps its shape and about its length. */
    private Map<String, Object> updatedProperty(String label) {
        return switch (label) {
            case "Person" -> Map.of("score", random.nextDouble());
            case "Company" -> Map.of("revenue", random.nextDouble() * 1e9);
            case "Product" -> Map.of("price", Math.round(random.nextDouble() * 100_000) / 100.0);
            default -> Map.of("title", "Document revised on topic " + random.nextInt(500));
        };
    }

    /** New nodes with synthetic ids from {@link #firstNewId}, so their keys are new; labels by the graph's shares. */
    private long createNodes(Session s, int count) {
        Map<String, List<Map<String, Object>>> byLabel = new HashMap<>();
        for (int i = 0; i < count; i++) {
            SyntheticGraph.Label label = randomLabel();
            byLabel.computeIfAbsent(label.name(), l -> new ArrayList<>())
                    .add(Map.of("props", graph.nodeProperties(label, firstNewId + i)));
        }
        long created = 0;
        for (Map.Entry<String, List<Map<String, Object>>> e : byLabel.entrySet()) {
            created += write(s, "UNWIND $rows AS row CREATE (n:" + CypherNames.quote(e.getKey()) + ") SET n = row.props",
                    e.getValue()).nodesCreated();
        }
        return created;
    }

    private SyntheticGraph.Label randomLabel() {
        double x = random.nextDouble();
        for (SyntheticGraph.Label l : SyntheticGraph.LABELS) {
            x -= l.share();
            if (x < 0) {
                return l;
            }
        }
        return SyntheticGraph.LABELS.get(SyntheticGraph.LABELS.size() - 1);
    }

    private long createRelationships(Session s, int count, List<String> survivors) {
        Map<String, List<Map<String, Object>>> byType = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String type = SyntheticGraph.TYPES.get(random.nextInt(SyntheticGraph.TYPES.size()));
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(Map.of(
                    "start", survivors.get(random.nextInt(survivors.size())),
                    "end", survivors.get(random.nextInt(survivors.size())),
                    "weight", random.nextDouble()));
        }
        long created = 0;
        for (Map.Entry<String, List<Map<String, Object>>> e : byType.entrySet()) {
            created += write(s, "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.start MATCH (b) WHERE elementId(b) = row.end"
                    + " CREATE (a)-[r:" + CypherNames.quote(e.getKey()) + "]->(b) SET r.weight = row.weight", e.getValue())
                    .relationshipsCreated();
        }
        return created;
    }

    /** The server's counters of one batched write, added up over its transactions. */
    private record Written(long propertiesSet, long nodesDeleted, long nodesCreated, long relationshipsDeleted,
            long relationshipsCreated) {
        Written plus(SummaryCounters c) {
            return new Written(propertiesSet + c.propertiesSet(), nodesDeleted + c.nodesDeleted(), nodesCreated + c.nodesCreated(),
                    relationshipsDeleted + c.relationshipsDeleted(), relationshipsCreated + c.relationshipsCreated());
        }
    }

    /** {@code rows} in transactions of {@link #BATCH} rows. */
    private static Written write(Session s, String cypher, List<Map<String, Object>> rows) {
        Written w = new Written(0, 0, 0, 0, 0);
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<Map<String, Object>> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
            w = w.plus(s.executeWrite(tx -> tx.run(cypher, Map.of("rows", batch)).consume().counters()));
        }
        return w;
    }
}
