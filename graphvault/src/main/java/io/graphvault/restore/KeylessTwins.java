package io.graphvault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.compare.GraphSnapshot;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.TypedValueReader;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.verify.BackupReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import static io.graphvault.internal.CypherNames.quote;

/**
 * Keyless twins: nodes with the same labels and properties, told apart only by their
 * relationships. On a replay into a database that holds them, the i-th twin of the backup claiming
 * the i-th existing one (by node id) gives a twin the relationships of another whenever the
 * database's node order differs from the backup's (two writers created them, ids were reused), and
 * the replay then adds relationships that were never in the backup. So before the nodes are
 * written, each backup twin claims an existing twin with the same relationships: types,
 * directions, properties and the other ends' keys. Twins without such a match are left to the
 * claim by order. Holds the twins of the backup and of the database only, one hash each.
 */
final class KeylessTwins {

    private final Supplier<Session> sessions;
    private final RestoreJob job;
    private final List<NodeKey> exportKeys;

    KeylessTwins(Supplier<Session> sessions, RestoreJob job) {
        this.sessions = sessions;
        this.job = job;
        this.exportKeys = job.schema().keys();
    }

    /**
     * Claims (gives the helper id of) an existing twin with the same relationships for every
     * backup twin that has one; returns the export ids claimed so, which the node import skips.
     */
    Set<Long> preclaim(List<FileEntry> nodeFiles, List<FileEntry> relationshipFiles, NodeKeys mergeKeys) {
        Map<String, Map<String, Long>> databaseTwins;
        Map<String, List<Long>> backupTwins;
        try (Session s = sessions.get()) {
            // the database's twins first: only they are ambiguous, and the backup's other keyless nodes are not held
            Set<String> ambiguous = new HashSet<>(s.run("MATCH (c:" + quote(RestoreHelpers.LABEL) + ") WHERE c."
                    + quote(RestoreHelpers.ID) + " IS NULL WITH c." + quote(RestoreHelpers.FP) + " AS fp,"
                    + " count(*) AS n WHERE n > 1 RETURN fp").list(r -> r.get(0).asString()));
            if (ambiguous.isEmpty()) {
                return Set.of();
            }
            backupTwins = backupTwins(nodeFiles, mergeKeys, ambiguous);
            if (backupTwins.isEmpty()) {
                return Set.of();
            }
            databaseTwins = databaseSignatures(s, backupTwins.keySet());
        }
        Map<Long, Long> backupSignatures = backupSignatures(relationshipFiles, backupTwins, databaseTwins.keySet());
        List<Map<String, Object>> claims = new ArrayList<>();
        databaseTwins.forEach((fp, candidates) -> {
            Map<Long, Deque<String>> bySignature = new HashMap<>();
            candidates.forEach((node, signature) -> bySignature.computeIfAbsent(signature, k -> new ArrayDeque<>()).add(node));
            for (long exportId : backupTwins.get(fp)) {
                Deque<String> same = bySignature.get(backupSignatures.getOrDefault(exportId, 0L));
                if (same != null && !same.isEmpty()) {
                    claims.add(Map.of("node", same.poll(), "id", exportId));
                }
            }
        });
        try (Session s = sessions.get()) {
            for (int from = 0; from < claims.size(); from += 10_000) {
                List<Map<String, Object>> batch = claims.subList(from, Math.min(claims.size(), from + 10_000));
                s.executeWriteWithoutResult(tx -> tx.run("UNWIND $claims AS c MATCH (n) WHERE elementId(n) = c.node SET n."
                        + quote(RestoreHelpers.ID) + " = c.id", Values.parameters("claims", batch)).consume());
            }
        }
        Set<Long> claimed = new HashSet<>();
        claims.forEach(c -> claimed.add((Long) c.get("id")));
        return claimed;
    }

    /** The backup's keyless nodes whose fingerprint (labels and properties) is one of {@code ambiguous}, by fingerprint. */
    private Map<String, List<Long>> backupTwins(List<FileEntry> nodeFiles, NodeKeys mergeKeys, Set<String> ambiguous) {
        Map<String, List<Long>> byFingerprint = new HashMap<>();
        for (FileEntry f : nodeFiles) {
            BackupReader.forEachRecord(job.source(), f, record -> {
                List<String> labels = GraphImporter.labels(record);
                Map<String, Object> props = record.props();
                if (mergeKeys.mergeKeyOf(labels, props) == null) {
                    String fp = RestoreHelpers.fingerprint(labels, RestoreHelpers.values(props));
                    if (ambiguous.contains(fp)) {
                        byFingerprint.computeIfAbsent(fp, k -> new ArrayList<>(2)).add(record.id());
                    }
                }
            });
        }
        return byFingerprint;
    }

    /** The unclaimed existing twins of those fingerprints, with their signatures. */
    private Map<String, Map<String, Long>> databaseSignatures(Session s, Set<String> fingerprints) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        String twins = "MATCH (c:" + quote(RestoreHelpers.LABEL) + ") WHERE c." + quote(RestoreHelpers.FP)
                + " IN $fps AND c." + quote(RestoreHelpers.ID) + " IS NULL ";
        String columns = " RETURN c." + quote(RestoreHelpers.FP) + " AS fp, elementId(c) AS node, type(r) AS type,"
                + " properties(r) AS props, m = c AS self,"
                + " [k IN $keys WHERE k[0] IN labels(m) AND m[k[1]] IS NOT NULL | [k[0], k[1], m[k[1]]]][0] AS key";
        Value parameters = Values.parameters("fps", List.copyOf(fingerprints), "keys", keyLists());
        // outgoing ones (a self-loop among them), then incoming ones; a twin without any still gets a row (signature 0)
        addTerms(s.run(twins + "OPTIONAL MATCH (c)-[r]->(m)" + columns, parameters), true, out);
        addTerms(s.run(twins + "MATCH (c)<-[r]-(m) WHERE m <> c" + columns, parameters), false, out);
        return out;
    }

    private static void addTerms(Result result, boolean outgoing, Map<String, Map<String, Long>> out) {
        while (result.hasNext()) {
            Record r = result.next();
            Map<String, Long> nodes = out.computeIfAbsent(r.get("fp").asString(), k -> new LinkedHashMap<>());
            long term = r.get("type").isNull() ? 0L : term(outgoing, r.get("type").asString(),
                    GraphSnapshot.props(r.get("props").asMap(v -> v)), r.get("self").asBoolean() ? "self" : other(r.get("key")));
            nodes.merge(r.get("node").asString(), term, Long::sum);
        }
    }

    /** Each backup twin's signature, from the relationship files. */
    private Map<Long, Long> backupSignatures(List<FileEntry> relationshipFiles, Map<String, List<Long>> twins,
            Set<String> inDatabase) {
        Set<Long> ids = new HashSet<>();
        inDatabase.forEach(fp -> ids.addAll(twins.get(fp)));
        Map<Long, Long> signatures = new HashMap<>();
        for (FileEntry f : relationshipFiles) {
            BackupReader.forEachRecord(job.source(), f, r -> {
                JsonNode record = r.fields();
                long start = record.path("start").asLong();
                long end = record.path("end").asLong();
                if (!ids.contains(start) && !ids.contains(end)) {
                    return;
                }
                String type = record.path("type").asText();
                String props = GraphSnapshot.props(RestoreHelpers.values(r.props()));
                if (start == end) {
                    signatures.merge(start, term(true, type, props, "self"), Long::sum);
                    return;
                }
                if (ids.contains(start)) {
                    signatures.merge(start, term(true, type, props, other(record.get("endKey"))), Long::sum);
                }
                if (ids.contains(end)) {
                    signatures.merge(end, term(false, type, props, other(record.get("startKey"))), Long::sum);
                }
            });
        }
        return signatures;
    }

    /** One relationship as seen from a twin; a signature is the sum of its terms (order does not matter). */
    private static long term(boolean out, String type, String props, String other) {
        byte[] digest = Sha256.newDigest().digest((out + "\u0000" + type + "\u0000" + props + "\u0000" + other)
                .getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = h << 8 | (digest[i] & 0xff);
        }
        return h;
    }

    /** The other end as the backup's relationship line names it: its key, or keyless. */
    private static String other(JsonNode key) {
        if (key == null || key.isNull()) {
            return "keyless";
        }
        return key.path("label").asText() + "\u0000" + key.path("property").asText() + "\u0000"
                + GraphSnapshot.value(Values.value(TypedValueReader.readValue(key.path("value"))));
    }

    private static String other(Value key) {
        if (key.isNull()) {
            return "keyless";
        }
        return key.get(0).asString() + "\u0000" + key.get(1).asString() + "\u0000" + GraphSnapshot.value(key.get(2));
    }

    private List<List<String>> keyLists() {
        return exportKeys.stream().map(k -> List.of(k.label(), k.property())).toList();
    }
}
