package io.graphvault.restore.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.restore.legacy.LegacyBackup.LegacyNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the node a relationship endpoint names. The script named it by {@code labels(a)[0]} and
 * {@code a[keys(a)[0]]}: the value of whichever property the server stored first, often not an id.
 * The endpoint is in its label's file and holds that value, unless the value was its dropped
 * {@code embedding}. So it is known only when exactly one node of that file holds the value, with
 * the same JSON type, in any property, and the value cannot be an embedding nobody can see; every
 * other endpoint is left unresolved with its {@link Reason}.
 */
public final class EndpointResolver {

    /** Why an endpoint is not known. */
    public enum Reason {
        NO_NODE_FILE("the label has no node file"),
        NO_VALUE("no value names the node"),
        NOT_HELD("no node holds the value"),
        HELD_BY_SEVERAL("several nodes hold the value"),
        EMBEDDING("the value looks like an embedding the script dropped");

        private final String summary;

        Reason(String summary) {
            this.summary = summary;
        }

        public String summary() {
            return summary;
        }
    }

    /** The node found, or why none is. */
    public record Endpoint(LegacyNode node, Reason reason, String explanation) {
    }

    private final Map<String, Map<String, List<LegacyNode>>> byValue = new HashMap<>();
    private final boolean filesHoldEmbeddings;

    public EndpointResolver(LegacyBackup legacy) {
        boolean embeddings = false;
        for (Map.Entry<String, List<LegacyNode>> e : legacy.nodesByLabel().entrySet()) {
            Map<String, List<LegacyNode>> values = new HashMap<>();
            for (LegacyNode n : e.getValue()) {
                embeddings |= n.props().containsKey("embedding");
                Set<String> distinct = new LinkedHashSet<>();
                n.props().values().forEach(v -> distinct.add(LegacyJson.typed(v)));
                distinct.forEach(v -> values.computeIfAbsent(v, x -> new ArrayList<>()).add(n));
            }
            byValue.put(e.getKey(), values);
        }
        this.filesHoldEmbeddings = embeddings;
    }

    public Endpoint resolve(String label, JsonNode value) {
        Map<String, List<LegacyNode>> values = byValue.get(label);
        if (values == null) {
            return new Endpoint(null, Reason.NO_NODE_FILE, "there is no " + LabelSpellings.fileOf(label));
        }
        if (value.isNull()) {
            return new Endpoint(null, Reason.NO_VALUE, "the old script wrote no value: the node had no properties");
        }
        List<LegacyNode> holders = values.getOrDefault(LegacyJson.typed(value), List.of());
        if (!filesHoldEmbeddings && LegacyJson.looksLikeEmbedding(value)) {
            String shape = "a list of " + value.size() + " floats: probably the 'embedding' the old script left out of the node files";
            return new Endpoint(null, Reason.EMBEDDING, holders.isEmpty() ? "no " + label + " node has this value (" + shape + ")"
                    : holders.size() + " " + label + " node(s) have this value, but it is " + shape + ", which any " + label
                            + " node may have had");
        }
        if (holders.size() == 1) {
            return new Endpoint(holders.get(0), null, null);
        }
        return holders.isEmpty() ? new Endpoint(null, Reason.NOT_HELD, "no " + label + " node has this value")
                : new Endpoint(null, Reason.HELD_BY_SEVERAL, "ambiguous, " + holders.size() + " " + label + " nodes have this value");
    }
}
