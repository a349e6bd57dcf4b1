package io.graphvault.storage.verify;

import io.graphvault.format.BackupSchema;
import io.graphvault.format.BackupSchema.NodeKey;
import io.graphvault.format.BackupSchema.SchemaEntry;
import io.graphvault.format.TokenNames;
import io.graphvault.internal.GraphVaultException;
import java.util.List;

/** The names in {@code schema.json} (constraints, indexes, keys), checked as the records' are. */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static void requireNames(String where, BackupSchema schema) {
        entries(where, "constraints", schema.constraints());
        entries(where, "indexes", schema.indexes());
        List<NodeKey> keys = schema.keys() == null ? List.of() : schema.keys();
        for (int i = 0; i < keys.size(); i++) {
            name(where, "keys[" + i + "].label", keys.get(i).label());
            name(where, "keys[" + i + "].property", keys.get(i).property());
        }
    }

    private static void entries(String where, String list, List<SchemaEntry> entries) {
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            SchemaEntry e = entries.get(i);
            String field = list + "[" + i + "]";
            name(where, field + ".name", e.name());
            names(where, field + ".labelsOrTypes", e.labelsOrTypes());
            names(where, field + ".properties", e.properties());
        }
    }

    private static void names(String where, String field, List<String> names) {
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                name(where, field + "[" + i + "]", names.get(i));
            }
        }
    }

    /** A name the schema leaves out (null) is the restore's to judge; one that is there must be one Neo4j can hold. */
    private static void name(String where, String field, String name) {
        if (name == null) {
            return;
        }
        try {
            TokenNames.require("\"" + field + "\"", name);
        } catch (IllegalArgumentException e) {
            throw new GraphVaultException(where + ": " + e.getMessage() + "; the restore writes nothing from this backup");
        }
    }
}
