package io.graphvault.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quotes labels, relationship types, property keys and index and constraint names as Cypher
 * identifiers. Names read from a backup file are untrusted input: they only ever reach Cypher text
 * through this class, and every value goes in as a parameter.
 *
 * <p>Doubling backticks is not enough. Neo4j replaces unicode escapes (a backslash, {@code u} and
 * four hex digits) in the whole query text before it parses it, inside backtick-quoted names too, so
 * the six characters &#92;u0060 in a name become a backtick that closes the quote and lets the rest
 * of the name run as Cypher. Here every backslash of a name is written as the escape &#92;u005C: the
 * quoted text then holds no backslash of the name's own, so no escape can start inside it, and the
 * server turns each &#92;u005C back into exactly one backslash (an escape's result is not read
 * again as the start of another). Checked on Neo4j 5.26.30 by HostileNamesIT: &#92;u0060,
 * &#92;&#92;u0060, &#92;u005C, &#92;U0060, &#92;uuu0060, a lone or trailing backslash, &#92;n and
 * backticks all come back exactly and none closes the quote.
 *
 * <p>Why not neo4j-cypher-dsl's {@code SchemaNames.sanitize(name, true)}: it is safe, but it reads
 * its input as a name written in Cypher and decodes it (&#92;u0060, &#92;n and a doubled backslash
 * are unescaped, two backticks become one), so a label such as {@code a``b} would come back as
 * another name; a restore must reproduce names exactly.
 *
 * <p>Why names stay in query text at all, where Neo4j 5.26 takes dynamic labels, types and keys
 * as parameters ({@code $(expr)}), position by position:
 * <ul>
 * <li>constraint and index statements: 5.26 takes their names as parameters but not their labels,
 * types and property keys ("expected an identifier"), so the statement is text in any case;
 * <li>node merge and endpoint match (label and merge key): with a dynamic label the 5.26.30 planner
 * scans all nodes instead of seeking the key's index ({@code AllNodesScan} against
 * {@code NodeUniqueIndexSeek} in the plan); merging 50,000 keyed nodes took 20.8 s with the label
 * in the text and had not reached 10,000 after 180 s with it as a parameter;
 * <li>keyless nodes' labels and relationship types: the restore groups its writes by label set and
 * type, so each group's statement is planned once and stays in the query cache, and text that is
 * escaped here costs nothing a parameter would save;
 * <li>property keys other than merge keys never reach the text: they go in as the keys of a map
 * parameter ({@code SET n += row.props}).
 * </ul>
 */
public final class CypherNames {

    private CypherNames() {
    }

    /** {@code a`b} becomes {@code `a``b`}, a backslash becomes &#92;u005C; see the class comment for why. */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a label, type, property key or schema name must not be empty");
        }
        if (name.indexOf('`') < 0 && name.indexOf('\\') < 0) {
            return '`' + name + '`'; // most names: the restore quotes one or more per record it writes
        }
        StringBuilder quoted = new StringBuilder(name.length() + 8).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '`' -> quoted.append("``");
                case '\\' -> quoted.append("\\u005C");
                default -> quoted.append(c);
            }
        }
        return quoted.append('`').toString();
    }

    /** {@code [A, B]} becomes {@code :`A`:`B`}; an empty collection becomes an empty string. */
    public static String labelExpression(Collection<String> labels) {
        return labels.stream().map(l -> ":" + quote(l)).collect(Collectors.joining());
    }
}
