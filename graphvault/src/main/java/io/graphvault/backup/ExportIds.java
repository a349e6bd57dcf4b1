package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 64-bit export ids of one backup's nodes (or relationships), taken from the servers'
 * {@code elementId()}: {@code id()} draws a deprecation warning on Neo4j 2026. An element id has
 * the documented shape {@code <kind>:<database id>:<number>}, the prefix the same for every node
 * (and for every relationship) of a database, so the number alone names the element and the
 * backup format keeps its numeric ids (old backups read as before). The first element id fixes
 * the prefix; one of another shape fails the backup rather than write a wrong id, and a number is
 * turned back into the element id it came from for lookups ({@code elementId(n) IN $ids}).
 *
 * <p>The number must be written in its canonical form (no sign, no leading zero), so that
 * {@code prefix + number} gives back the same string.
 */
final class ExportIds {

    private static final Pattern SHAPE = Pattern.compile("(\\d+:[0-9A-Za-z-]+:)(0|[1-9]\\d{0,18})");

    private final String kind;
    private final String backup;
    private String prefix;

    /** {@code kind}: "node" or "relationship", for the message; {@code backup}: the backup's id. */
    ExportIds(String kind, String backup) {
        this.kind = kind;
        this.backup = backup;
    }

    long of(String elementId) {
        if (prefix == null) {
            Matcher m = SHAPE.matcher(elementId);
            if (!m.matches()) {
                throw unexpected(elementId);
            }
            prefix = m.group(1);
        }
        int from = prefix.length();
        int length = elementId.length();
        if (length == from || length > from + 19 || !elementId.startsWith(prefix)
                || elementId.charAt(from) == '0' && length > from + 1) {
            throw unexpected(elementId);
        }
        long id = 0;
        for (int i = from; i < length; i++) {
            char c = elementId.charAt(i);
            if (c < '0' || c > '9' || id > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw unexpected(elementId);
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** The element id an export id was taken from. */
    String elementId(long id) {
        return prefix + id;
    }

    private GraphVaultException unexpected(String elementId) {
        return new GraphVaultException("backup " + backup + ": the server gave a " + kind + " the element id '" + elementId
                + "', which is not of the shape <kind>:<database id>:<number>" + (prefix == null ? "" : " starting '" + prefix + "'")
                + " that GraphVault numbers a backup's " + kind + "s from; no backup was written. Please report this"
                + " with the Neo4j version");
    }
}
