package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.DecodedRecord;
import io.graphvault.format.TypedValueReader;
import io.graphvault.internal.Neo4jErrors;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.catalog.BackupCatalog.Verified;
import io.graphvault.storage.verify.BackupReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/**
 * Compares a live database with a backup without internal ids: per label set and relationship type,
 * the count and an order-independent digest of the content (a node's labels and typed properties;
 * a relationship's type, properties and the identity of both ends, which is the node's key or, for
 * a node without one, a 64-bit digest of its content). Streams both sides; memory holds two longs
 * per keyless node of the backup (its export id and content digest), whatever the node holds.
 */
public final class DatabaseComparison {

    private final Driver driver;
    private final Neo4jSettings neo4j;

    public DatabaseComparison(Driver driver, Neo4jSettings neo4j) {
        this.driver = driver;
        this.neo4j = neo4j;
    }

    /** The outcome: the differences, empty when the database holds exactly what the backup holds. */
    public record Report(String backup, String location, Map<String, long[]> nodeGroups, Map<String, long[]> relationshipGroups,
            List<String> differences) {
        public boolean equal() {
            return differences.isEmpty();
        }
    }

    /** Group name to {count, digest}. */
    private static final class Digests {
        final Map<String, long[]> groups = new TreeMap<>();

        void add(String group, String content) {
            long[] g = groups.computeIfAbsent(group, k -> new long[2]);
            g[0]++;
            g[1] += digest(content);
        }
    }

    public Report compare(Verified verified) {
        BackupSource source = verified.source();
        BackupManifest manifest = verified.manifest();
        NodeKeys keys = NodeKeys.of(BackupReader.readSchema(source, manifest).keys());
        // node properties the backup left out are left out of the database's side too
        List<String> excluded = manifest.excludedProperties();
        Digests backupNodes = new Digests();
        Digests backupRels = new Digests();
        Map<Long, Long> keylessIdentity = new HashMap<>();
        // a moved node is the one its line holds: relationships that name it by another key name it as that line does
        Set<Long> moved = manifest.movedNodes();
        Set<Long> dropped = manifest.droppedRelationships();
        Map<Long, String> movedIdentity = new HashMap<>();
        for (var f : manifest.files()) {
            if (GraphImporter.isNodeFile(f)) {
                BackupReader.forEachRecord(source, f, record -> {
                    List<String> labels = GraphImporter.labels(record);
                    Map<String, Value> props = RestoreHelpers.values(record.props());
                    String content = GraphSnapshot.node(labels, props);
                    backupNodes.add(new TreeSet<>(labels).toString(), content);
                    if (keys.keyOf(labels, asObjects(props)) == null) {
                        keylessIdentity.put(record.id(), digest(content));
                    }
                    if (moved.contains(record.id())) {
                        movedIdentity.put(record.id(), endFromDatabase(keys, labels, props));
                    }
                });
            }
        }
        for (var f : manifest.files()) {
            if (GraphImporter.isRelationshipFile(f)) {
                BackupReader.forEachRecord(source, f, r -> {
                    if (!dropped.contains(r.id())) {
                        backupRels.add(r.fields().path("type").asText(), relationship(r.fields().path("type").asText(),
                                RestoreHelpers.values(r.props()), end(r, "start", keylessIdentity, movedIdentity),
                                end(r, "end", keylessIdentity, movedIdentity)));
                    }
                });
            }
        }
        Digests dbNodes = new Digests();
        Digests dbRels = new Digests();
        try (Session s = driver.session(SessionConfig.builder().withDatabase(neo4j.database())
                .withDefaultAccessMode(AccessMode.READ).withFetchSize(5000).build())) {
            Result nodes = s.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props");
            while (nodes.hasNext()) {
                Record r = nodes.next();
                List<String> labels = r.get("labels").asList(Value::asString);
                dbNodes.add(new TreeSet<>(labels).toString(), GraphSnapshot.node(labels, RestoreHelpers.without(excluded, r.get("props").asMap(v -> v))));
            }
            Result rels = s.run("MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, labels(a) AS la, "
                    + "properties(a) AS pa, labels(b) AS lb, properties(b) AS pb");
            while (rels.hasNext()) {
                Record r = rels.next();
                dbRels.add(r.get("type").asString(), relationship(r.get("type").asString(), r.get("props").asMap(v -> v),
                        endFromDatabase(keys, r.get("la").asList(Value::asString), RestoreHelpers.without(excluded, r.get("pa").asMap(v -> v))),
                        endFromDatabase(keys, r.get("lb").asList(Value::asString), RestoreHelpers.without(excluded, r.get("pb").asMap(v -> v)))));
            }
        } catch (RuntimeException e) {
            throw Neo4jErrors.explain("comparing the database with " + source.location(), neo4j, e);
        }
        List<String> differences = new ArrayList<>();
        diff("nodes labelled", backupNodes.groups, dbNodes.groups, differences);
        diff("relationships of type", backupRels.groups, dbRels.groups, differences);
        return new Report(manifest.id(), source.location(), dbNodes.groups, dbRels.groups, differences);
    }

    private static void diff(String what, Map<String, long[]> backup, Map<String, long[]> db, List<String> out) {
        TreeSet<String> all = new TreeSet<>(backup.keySet());
        all.addAll(db.keySet());
        for (String g : all) {
            long[] b = backup.getOrDefault(g, new long[2]);
            long[] d = db.getOrDefault(g, new long[2]);
            if (b[0] != d[0]) {
                out.add(what + " " + g + ": " + b[0] + " in the backup, " + d[0] + " in the database");
            } else if (b[1] != d[1]) {
                out.add(what + " " + g + ": " + b[0] + " on both sides, but their properties differ");
            }
        }
    }

    /** The first 64 bits of the SHA-256 of {@code content}. */
    private static long digest(String content) {
        return ByteBuffer.wrap(Sha256.newDigest().digest(content.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static String end(DecodedRecord r, String end, Map<Long, Long> keylessIdentity, Map<Long, String> movedIdentity) {
        long node = r.fields().path(end).asLong();
        String moved = movedIdentity.get(node);
        return moved != null ? moved : endFromBackup(r.fields().get(end + "Key"), keylessIdentity.get(node));
    }

    private static String endFromBackup(JsonNode key, Long keylessDigest) {
        if (key == null || key.isNull()) {
            return "node #" + (keylessDigest == null ? "missing" : Long.toHexString(keylessDigest));
        }
        return "key " + key.path("label").asText() + "." + key.path("property").asText() + "="
                + GraphSnapshot.value(Values.value(TypedValueReader.readValue(key.get("value"))));
    }

    private static String endFromDatabase(NodeKeys keys, List<String> labels, Map<String, Value> props) {
        NodeKey key = keys.keyOf(labels, asObjects(props));
        if (key == null) {
            return "node #" + Long.toHexString(digest(GraphSnapshot.node(labels, props)));
        }
        return "key " + key.label() + "." + key.property() + "=" + GraphSnapshot.value(props.get(key.property()));
    }

    private static String relationship(String type, Map<String, Value> props, String start, String end) {
        return start + " -[" + type + " " + GraphSnapshot.node(List.of(), props) + "]-> " + end;
    }

    /** Which keys are present (all {@link NodeKeys#keyOf} asks), without converting every value. */
    private static Map<String, Object> asObjects(Map<String, Value> props) {
        Map<String, Object> out = new HashMap<>();
        props.forEach((k, v) -> out.put(k, v.isNull() ? null : Boolean.TRUE));
        return out;
    }
}
