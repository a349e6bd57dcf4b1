package io.graphvault.restore;

import io.graphvault.restore.legacy.EndpointResolver.Endpoint;
import io.graphvault.restore.legacy.EndpointResolver.Reason;
import io.graphvault.restore.legacy.LegacyBackup.LegacyRelationship;
import io.graphvault.restore.legacy.LegacyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relationships of a legacy folder left out, one line per endpoint not known, counted by the
 * reason of each relationship's first unknown endpoint (its start, else its end).
 */
final class LegacyUnresolved {

    private static final int MAX_LISTED = 500;

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Long> byReason = new LinkedHashMap<>();

    LegacyUnresolved() {
        for (Reason r : Reason.values()) {
            byReason.put(r.summary(), 0L);
        }
    }

    void add(LegacyRelationship r, Endpoint from, Endpoint to) {
        Reason reason = from.node() == null ? from.reason() : to.reason();
        byReason.merge(reason.summary(), 1L, Long::sum);
        if (from.node() == null) {
            lines.add(describe(r, "from", r.fromLabel(), from));
        }
        if (to.node() == null) {
            lines.add(describe(r, "to", r.toLabel(), to));
        }
    }

    void add(String line, String reason) {
        byReason.merge(reason, 1L, Long::sum);
        lines.add(line);
    }

    private static String describe(LegacyRelationship r, String end, String label, Endpoint e) {
        return "relationship " + r.index() + " (" + r.type() + ") " + end + " " + label + " " + LegacyJson.abbreviate(
                end.equals("from") ? r.fromId() : r.toId()) + ": " + e.explanation();
    }

    /** ", left out: 3 (reason), ..." for every reason that left one out; empty when none. */
    String countsByReason() {
        StringBuilder b = new StringBuilder();
        byReason.forEach((reason, n) -> {
            if (n > 0) {
                b.append(b.length() == 0 ? "; left out: " : ", ").append(n).append(" (").append(reason).append(')');
            }
        });
        return b.toString();
    }

    /** The first {@link #MAX_LISTED} lines; beyond that, every one of them in a file that the text names. */
    String listing(String folder, Path reports) {
        StringBuilder b = new StringBuilder();
        lines.stream().limit(MAX_LISTED).forEach(u -> b.append("\n  ").append(u));
        if (lines.size() > MAX_LISTED) {
            b.append("\n  ... and ").append(lines.size() - MAX_LISTED).append(" more");
            Path file = reports.resolve("unresolved-" + folder + "-" + Instant.now().toString().replace(":", "") + ".txt");
            try {
                Files.createDirectories(reports);
                Files.write(file, lines, StandardCharsets.UTF_8);
                b.append(": all ").append(lines.size()).append(" are listed in ").append(file);
            } catch (IOException e) {
                b.append(" (the complete list could not be written to ").append(file).append(": ").append(e.getMessage()).append(')');
            }
        }
        return b.toString();
    }
}
