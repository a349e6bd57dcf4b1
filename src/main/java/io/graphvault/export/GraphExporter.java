package io.graphvault.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.GraphVaultException;
import io.graphvault.Neo4jSettings;
import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFiles;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.Counts;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.TypedValueCodec;
import io.graphvault.internal.CypherNames;
import io.graphvault.internal.Sha256;
import io.graphvault.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the whole graph out of Neo4j in one READ transaction: schema first, then nodes, then
 * relationships, each written as JSON Lines batch files. The driver fetches {@code batchSize}
 * records at a time and each record is written as soon as it arrives, so memory does not grow with
 * the graph.
 */
public final class GraphExporter {

    /** The node columns, in the order of {@link #NODE_ID} and the rest. */
    private static final String NODE_COLUMNS = " RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props";
    private static final String NODES = "MATCH (n)" + NODE_COLUMNS;
    /** Element ids of one prefix ({@link ExportIds}) sort as their numbers do by length, then text. */
    private static final String NODES_BY_ID = "MATCH (n) WHERE elementId(n) IN $ids" + NODE_COLUMNS + " ORDER BY size(id), id";
    private static final int LATE_NODES_PER_QUERY = 10_000;
    /** Relationships of one start node held for sorting, at least: a hub above it is read again sorted by the server. */
    private static final int MIN_HELD_RELATIONSHIPS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(GraphExporter.class);

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
    // Columns by position: a lookup by name scans the record's keys, for every value of every record.
    private static final int NODE_ID = 0;
    private static final int NODE_LABELS = 1;
    private static final int NODE_PROPS = 2;

    private final Driver driver;
    private final Neo4jSettings neo4j;

    public GraphExporter(Driver driver, Neo4jSettings neo4j) {
        this.driver = driver;
        this.neo4j = neo4j;
    }

    /** Writes schema and data files into the job's partial folder and fills in its counts and files. */
    public BackupJob export(BackupJob job) {
        SessionConfig config = SessionConfig.builder()
                .withDatabase(neo4j.database())
                .withDefaultAccessMode(AccessMode.READ)
                .withFetchSize(job.request().batchSize())
                .build();
        ExecutorService compressor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graphvault-compressor");
            t.setDaemon(true);
            return t;
        });
        try (Session session = driver.session(config)) {
            job.source(readSource(session));
            BackupSchema schema = SchemaReader.read(session);
            requireKeysKept(job, schema.keys());
            List<FileEntry> files = new ArrayList<>();
            files.add(writeSchema(job, schema));
            try (Transaction tx = session.beginTransaction()) {
                long nodeTotal = tx.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
                long relTotal = tx.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
                Progress progress = Progress.start("backup " + job.id(), "records", nodeTotal + relTotal);
                CountsBuilder counts = new CountsBuilder(job.request().excludedProperties());
                NodeIds exported = new NodeIds(new ExportIds("node", job.id()));
                Set<Long> missing = new TreeSet<>();
                try (BatchFileWriter nodes = new BatchFileWriter(job.partialDir(), BackupFiles.NODES_DIR,
                        job.request().batchSize(), job.gzip(), job.cipher(), compressor)) {
                    exportNodes(tx.run(NODES), nodes, job, counts, progress, exported);
                    List<FileEntry> relationships = exportRelationships(tx, job, schema.keys(), counts, progress, compressor,
                            exported, missing);
                    exportLateNodes(tx, nodes, job, counts, progress, exported, missing);
                    nodes.close();
                    files.addAll(nodes.files());
                    files.addAll(relationships);
                }
                tx.commit();
                progress.finish();
                job.counts(counts.build());
            }
            job.files(files);
            return job;
        } catch (IOException e) {
            throw new GraphVaultException("backup " + job.id() + ": cannot write to "
                    + job.partialDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw UnreadableValues.explain(driver, neo4j, job.id(), e);
        } finally {
            compressor.shutdownNow();
        }
    }

    /**
     * A merge key cannot be excluded: the relationship lines name their endpoints by it, and the
     * restore merges the nodes on it, so a backup without it would not restore.
     */
    private static void requireKeysKept(BackupJob job, List<NodeKey> keys) {
        for (NodeKey key : keys) {
            if (job.request().excludedProperties().contains(key.property())) {
                throw new GraphVaultException("backup " + job.id() + ": --exclude-properties " + key.property()
                        + " would leave out the key of the :" + key.label() + " nodes (their uniqueness constraint),"
                        + " which the restore finds them and their relationships by; keep it in the backup");
            }
        }
    }

    private BackupManifest.Source readSource(Session session) {
        Record r = session.run("CALL dbms.components() YIELD name, versions, edition "
                + "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition").single();
        String database = neo4j.database() == null || neo4j.database().isBlank() ? "neo4j" : neo4j.database();
        return new BackupManifest.Source(neo4j.safeUri(), database, r.get("version").asString(), r.get("edition").asString());
    }

    private FileEntry writeSchema(BackupJob job, BackupSchema schema) throws IOException {
        byte[] bytes = BackupJson.MAPPER.writeValueAsBytes(schema);
        String path = BackupSchema.FILE_NAME;
        if (job.cipher() != null) {
            path += BackupCipher.SUFFIX;
            bytes = job.cipher().encrypt(bytes, path);
        }
        Files.write(job.partialDir().resolve(path), bytes);
        return new FileEntry(path, schema.constraints().size() + schema.indexes().size(),
                bytes.length, Sha256.hex(bytes));
    }

    private static void exportNodes(Result result, BatchFileWriter writer, BackupJob job, CountsBuilder counts, Progress progress,
            NodeIds exported) throws IOException {
        List<String> excluded = job.request().excludedProperties();
        while (result.hasNext()) {
            Record r = result.next();
            long id = exported.elementIds.of(r.get(NODE_ID).asString());
            Value labels = r.get(NODE_LABELS);
            Value props = r.get(NODE_PROPS);
            JsonGenerator g = writer.startRecord();
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeArrayFieldStart("labels");
            for (Value label : labels.values()) {
                g.writeString(label.asString());
            }
            g.writeEndArray();
            g.writeFieldName("props");
            TypedValueCodec.writeProperties(g, props, excluded);
            g.writeEndObject();
            writer.endRecord();
            exported.add(id);
            counts.node(labels, props);
            progress.advance(1);
        }
    }

    /**
     * A database that is written to during the backup can gain a relationship to a node created
     * after the node pass went by (Neo4j's read transactions see committed writes). Such nodes are
     * read by id at the end, in the same transaction, and added to the node files, so that every
     * relationship of the backup has both its ends in it. A node that is gone by then (created and
     * deleted during the backup) fails the backup: it could not be restored whole.
     */
    private static void exportLateNodes(Transaction tx, BatchFileWriter writer, BackupJob job, CountsBuilder counts,
            Progress progress, NodeIds exported, Set<Long> missing) throws IOException {
        if (missing.isEmpty()) {
            return;
        }
        LOG.info("backup {}: {} node(s) were created while the backup ran and are added at the end", job.id(), missing.size());
        List<Long> ids = List.copyOf(missing);
        for (int from = 0; from < ids.size(); from += LATE_NODES_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + LATE_NODES_PER_QUERY));
            List<String> elementIds = chunk.stream().map(exported.elementIds::elementId).toList();
            exportNodes(tx.run(NODES_BY_ID, Values.parameters("ids", elementIds)), writer, job, counts, progress, exported);
        }
        List<Long> gone = missing.stream().filter(id -> !exported.contains(id)).limit(10).toList();
        if (!gone.isEmpty()) {
            throw new GraphVaultException("backup " + job.id() + ": the graph changed while the backup ran: "
                    + "relationships of the backup end at node(s) " + gone + ", which were deleted before the backup could"
                    + " read them; run the backup again (ideally when the database is not being written)");
        }
    }

    private List<FileEntry> exportRelationships(Transaction tx, BackupJob job, List<NodeKey> keys,
            CountsBuilder counts, Progress progress, ExecutorService compressor, NodeIds exported, Set<Long> missing)
            throws IOException {
        try (BatchFileWriter writer = new BatchFileWriter(job.partialDir(), BackupFiles.RELATIONSHIPS_DIR,
                job.request().batchSize(), job.gzip(), job.cipher(), compressor)) {
            // by end node, type and id: element ids of one prefix sort as their numbers do by length, then text
            String hubQuery = (RELATIONSHIPS_OF + RELATIONSHIP_COLUMNS + "ORDER BY size(end), end, type, size(id), id")
                    .formatted(keyExpression(keys, "a"), keyExpression(keys, "b"));
            RelationshipWriter out = new RelationshipWriter(writer, keys, counts, progress, exported, missing);
            StartNodeBuffer buffer = new StartNodeBuffer(Math.max(job.request().batchSize(), MIN_HELD_RELATIONSHIPS), out);
            ExportIds relationshipIds = new ExportIds("relationship", job.id());
            Result result = tx.run(relationshipQuery(keys));
            while (result.hasNext()) {
                buffer.add(RelationshipRow.of(result.next(), exported.elementIds, relationshipIds));
            }
            buffer.flush();
            // The hubs come after every other start node, each whole, in ascending id as the scan met them.
            out.siblings.restart();
            for (long start : buffer.deferred()) {
                Result sorted = tx.run(hubQuery, Values.parameters("start", exported.elementIds.elementId(start)));
                while (sorted.hasNext()) {
                    out.write(RelationshipRow.of(sorted.next(), exported.elementIds, relationshipIds));
                }
            }
            job.relationshipOrdinals(out.siblings.complete());
            writer.close();
            return writer.files();
        }
    }

    /**
     * Holds one start node's relationships until the next start node comes, then hands them on
     * sorted by end node, type and id. A node with more relationships than {@code limit} (a batch,
     * and at least {@link #MIN_HELD_RELATIONSHIPS}) is not held: it is left for the end, where the
     * server reads it again sorted ({@link #deferred()}), so memory stays bounded however large a
     * node's degree, and the hubs left for the end are few (at most one per that many relationships).
     */
    private static final class StartNodeBuffer {
        private static final Comparator<RelationshipRow> ORDER = Comparator.comparingLong(RelationshipRow::end)
                .thenComparing(RelationshipRow::type)
                .thenComparingLong(RelationshipRow::id);

        private final int limit;
        private final RelationshipWriter out;
        private final List<RelationshipRow> held = new ArrayList<>();
        private final Set<Long> deferred = new LinkedHashSet<>();
        private long start = Long.MIN_VALUE;
        private boolean skipping;

        StartNodeBuffer(int limit, RelationshipWriter out) {
            this.limit = limit;
            this.out = out;
        }

        void add(RelationshipRow r) throws IOException {
            long from = r.start();
            if (from != start) {
                flush();
                start = from;
                skipping = !deferred.isEmpty() && deferred.contains(from);
            }
            if (skipping) {
                return;
            }
            held.add(r);
            if (held.size() > limit) {
                deferred.add(from);
                held.clear();
                skipping = true;
            }
        }

        void flush() throws IOException {
            if (held.size() > 1) {
                held.sort(ORDER);
            }
            for (RelationshipRow r : held) {
                out.write(r);
            }
            held.clear();
        }

        Set<Long> deferred() {
            return deferred;
        }
    }

    /** Writes relationship records, in the order given, as relationship lines. */
    private static final class RelationshipWriter {
        private final BatchFileWriter writer;
        private final List<NodeKey> keys;
        private final CountsBuilder counts;
        private final Progress progress;
        private final NodeIds exported;
        private final Set<Long> missing;
        private final SiblingCounter siblings = new SiblingCounter();

        RelationshipWriter(BatchFileWriter writer, List<NodeKey> keys, CountsBuilder counts, Progress progress,
                NodeIds exported, Set<Long> missing) {
            this.writer = writer;
            this.keys = keys;
            this.counts = counts;
            this.progress = progress;
            this.exported = exported;
            this.missing = missing;
        }

        void write(RelationshipRow r) throws IOException {
            String type = r.type();
            long start = r.start();
            long end = r.end();
            if (!exported.contains(start)) {
                missing.add(start);
            }
            if (!exported.contains(end)) {
                missing.add(end);
            }
            int ordinal = siblings.next(start, end, type);
            JsonGenerator g = writer.startRecord();
            g.writeStartObject();
            g.writeNumberField("id", r.id());
            g.writeStringField("type", type);
            g.writeNumberField("start", start);
            g.writeNumberField("end", end);
            if (ordinal > 1) {
                g.writeNumberField("n", ordinal);
            }
            writeEndpointKey(g, "startKey", r.startKey(), keys);
            writeEndpointKey(g, "endKey", r.endKey(), keys);
            g.writeFieldName("props");
            TypedValueCodec.writeProperties(g, r.props(), List.of());
            g.writeEndObject();
            writer.endRecord();
            counts.relationship(type);
            progress.advance(1);
        }
    }

    /**
     * The query that streams every relationship with its endpoints' keys. Public for the bench,
     * whose "read limit + endpoint keys" step must run exactly this query: a copy would drift.
     */
    public static String relationshipQuery(List<NodeKey> keys) {
        return (RELATIONSHIPS + RELATIONSHIP_COLUMNS).formatted(keyExpression(keys, "a"), keyExpression(keys, "b"));
    }

    /**
     * The ids of the nodes written so far: one bit each, for ids below 2^31 (a node store of that
     * size), a set above; and how export ids are read from and turned back into element ids.
     */
    static final class NodeIds {
        final ExportIds elementIds;
        private final BitSet low = new BitSet();
        private final Set<Long> high = new HashSet<>();

        NodeIds(ExportIds elementIds) {
            this.elementIds = elementIds;
        }

        void add(long id) {
            if (id >= 0 && id < Integer.MAX_VALUE) {
                low.set((int) id);
            } else {
                high.add(id);
            }
        }

        boolean contains(long id) {
            return id >= 0 && id < Integer.MAX_VALUE ? low.get((int) id) : high.contains(id);
        }
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

    private static void writeEndpointKey(JsonGenerator g, String field, Value key, List<NodeKey> keys) throws IOException {
        if (key.isNull()) {
            return;
        }
        NodeKey nodeKey = keys.get(key.get(0).asInt());
        g.writeObjectFieldStart(field);
        g.writeStringField("label", nodeKey.label());
        g.writeStringField("property", nodeKey.property());
        g.writeFieldName("value");
        TypedValueCodec.writeValue(g, key.get(1));
        g.writeEndObject();
    }

    /** Counts per label, per type and per excluded property, as the export streams by. */
    private static final class CountsBuilder {
        private final List<String> excluded;
        private final Map<String, long[]> labels = new HashMap<>();
        private final Map<String, long[]> types = new HashMap<>();
        private final Map<String, long[]> excludedNodes = new LinkedHashMap<>();
        private long nodes;
        private long relationships;

        CountsBuilder(List<String> excluded) {
            this.excluded = excluded;
            excluded.forEach(p -> excludedNodes.put(p, new long[1]));
        }

        void node(Value nodeLabels, Value props) {
            nodes++;
            for (Value l : nodeLabels.values()) {
                labels.computeIfAbsent(l.asString(), k -> new long[1])[0]++;
            }
            for (int i = 0; i < excluded.size(); i++) {
                if (props.containsKey(excluded.get(i))) {
                    excludedNodes.get(excluded.get(i))[0]++;
                }
            }
        }

        void relationship(String type) {
            relationships++;
            types.computeIfAbsent(type, k -> new long[1])[0]++;
        }

        Counts build() {
            return new Counts(nodes, relationships, sorted(labels), sorted(types), sorted(excludedNodes));
        }

        private static Map<String, Long> sorted(Map<String, long[]> m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v[0]));
            return out;
        }
    }
}
