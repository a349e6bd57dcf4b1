package io.graphvault.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quotes labels, relationship types and property keys as Cypher identifiers. Names read from a
 * backup file are untrusted input: they only ever reach Cypher text through this class, and every
 * value goes in as a parameter.
 */
public final class CypherNames {

    private CypherNames() {
    }

    /** {@code a`b} becomes {@code `a``b`}. */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a label, type or property key must not be empty");
        }
        return '`' + name.replace("`", "``") + '`';
    }

    /** {@code [A, B]} becomes {@code :`A`:`B`}; an empty collection becomes an empty string. */
    public static String labelExpression(Collection<String> labels) {
        return labels.stream().map(l -> ":" + quote(l)).collect(Collectors.joining());
    }
}
