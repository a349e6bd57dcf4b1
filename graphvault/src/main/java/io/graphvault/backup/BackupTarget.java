package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import java.util.Locale;

/**
 * Where a backup goes ({@code backup --to}, BACKUP_TO, an inbox trigger's {@code "to"}): the local
 * folder; the bucket only, written straight from the database with no local copy; or both, the
 * local backup first and then replicated (what {@code --s3} always did).
 */
public enum BackupTarget {
    LOCAL, S3, BOTH;

    /** {@code where}: the option, setting or file the value comes from, for the message. */
    public static BackupTarget parse(String where, String value) {
        if (value != null) {
            for (BackupTarget t : values()) {
                if (t.name().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
        }
        throw new GraphVaultException(where + " '" + value + "' is not one of local, s3, both");
    }

    /** Whether the backup touches S3 (straight or by replication). */
    public boolean usesS3() {
        return this != LOCAL;
    }

    /** As a user writes it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
