package io.graphvault.format;

/**
 * The names Neo4j can hold as labels, relationship types and property keys. The server refuses an
 * empty name and one holding NUL ("Token names cannot be empty or contain any null-bytes", measured
 * on 5.26 with every character from U+0000 to U+007F, and some beyond, as a parameter: only those
 * two were refused). A lone surrogate is not refused but reaches the server as '?' (the driver
 * cannot encode it), so the name would be restored as another: no backup of a real database holds
 * one either. A name from a backup is checked before anything is written.
 */
public final class TokenNames {

    private static final int SHOWN = 60;

    private TokenNames() {
    }

    /** Fails, naming {@code field} and the name, unless Neo4j could have written {@code name}. */
    public static void require(String field, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(field + " \"" + shown(name) + "\" " + problem
                    + ": Neo4j cannot hold such a name, so no backup of it has one");
        }
    }

    /** Why Neo4j could not hold {@code name}, or null when it could. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                return "holds a NUL character (U+0000) at position " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone surrogate (U+" + String.format("%04X", (int) c) + ") at position " + i;
            }
        }
        return null;
    }

    /** The name as a message may quote it: control characters escaped, at most 60 characters. */
    public static String shown(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < SHOWN; i++) {
            char c = name.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04X", (int) c) : c);
        }
        return name.length() > SHOWN || b.length() > SHOWN ? b + "…" : b.toString();
    }
}
