package io.graphvault.backup;

import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.internal.CypherNames;
import java.util.List;

/** The Cypher the exporter reads the graph with, all in one READ transaction. */
final class ExportQueries {

    /** The node columns, in the order {@link NodeLines} reads them. */
    private static final String NODE_COLUMNS = " RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props";
    static final String NODES = "MATCH (n)" + NODE_COLUMNS;
    /** Element ids of one prefix ({@link ExportIds}) sort as their numbers do by length, then text. */
    static final String NODES_BY_ID = "MATCH (n) WHERE elementId(n) IN $ids" + NODE_COLUMNS + " ORDER BY size(id), id";
    static final String NODE_COUNT = "MATCH (n) RETURN count(n) AS c";
    static final String RELATIONSHIP_COUNT = "MATCH ()-[r]->() RETURN count(r) AS c";
    static final String SOURCE = "CALL dbms.components() YIELD name, versions, edition "
            + "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition";

    /**
     * Each endpoint carries its merge key (label, property, value) when it has one, so the restore
     * finds endpoints through the key's index without a lookup table in memory. The start node's
     * key is worked out once for all its relationships. The subquery per start node returns each
     * node's relationships together, and the exporter sorts them by end node, type and id
     * ({@link StartNodeBuffer}), so the parallel relationships of one pair and type follow one
     * another: the exporter numbers them ({@link SiblingCounter}) and a replay sees each group
     * whole. Sorting on the client, one start node at a time, costs the server nothing; an ORDER BY
     * in the subquery took the server about 0.5 CPU-seconds more per 400,000 relationships.
     */
    private static final String RELATIONSHIPS = """
            MATCH (a)
            WITH a, %1$s AS startKey
            CALL (a) {
              MATCH (a)-[r]->(b)
              RETURN r, b
            }
            """;
    /** One start node's relationships, sorted by the server: for a hub, a node with more than the exporter holds. */
    private static final String RELATIONSHIPS_OF = """
            MATCH (a) WHERE elementId(a) = $start
            WITH a, %1$s AS startKey
            MATCH (a)-[r]->(b)
            """;
    /** The relationship columns of both, in the order {@link RelationshipRow} reads them. */
    private static final String RELATIONSHIP_COLUMNS = """
            RETURN elementId(a) AS start, startKey, elementId(r) AS id, type(r) AS type, elementId(b) AS end,
                   properties(r) AS props, %2$s AS endKey
            """;

    private ExportQueries() {
    }

    /** Every relationship with its endpoints' keys, grouped by start node. */
    static String relationships(List<NodeKey> keys) {
        return (RELATIONSHIPS + RELATIONSHIP_COLUMNS).formatted(keyExpression(keys, "a"), keyExpression(keys, "b"));
    }

    /** A hub's relationships by end node, type and id: element ids of one prefix sort as their numbers do by length, then text. */
    static String relationshipsOf(List<NodeKey> keys) {
        return (RELATIONSHIPS_OF + RELATIONSHIP_COLUMNS + "ORDER BY size(end), end, type, size(id), id")
                .formatted(keyExpression(keys, "a"), keyExpression(keys, "b"));
    }

    /**
     * {@code [i, value]} for the first of the node keys whose label the node has and whose property
     * it carries, else null. A CASE over label tests: the cheapest form the server evaluates for
     * every relationship (a list comprehension over {@code labels(b)} took 15 to 25 % longer). Names
     * come from the database's constraints and reach the query text quoted only.
     */
    static String keyExpression(List<NodeKey> keys, String node) {
        if (keys.isEmpty()) {
            return "null";
        }
        StringBuilder cases = new StringBuilder("CASE");
        for (int i = 0; i < keys.size(); i++) {
            String property = node + "." + CypherNames.quote(keys.get(i).property());
            cases.append(" WHEN ").append(node).append(':').append(CypherNames.quote(keys.get(i).label()))
                    .append(" AND ").append(property).append(" IS NOT NULL THEN [").append(i).append(", ")
                    .append(property).append(']');
        }
        return cases.append(" END").toString();
    }
}
