package io.graphvault.storage;

import io.graphvault.internal.GraphVaultException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Backup ids: a UTC timestamp such as {@code 20261126T101500Z}, or a name the user chose. */
public final class BackupIds {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupIds() {
    }

    public static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** Letters, digits, '.', '_' and '-' only; no path separators, no leading dot, no "..". */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.startsWith(".") || name.contains("..")) {
            throw new GraphVaultException("invalid backup name '" + name + "': use 1 to 128 letters, digits, '.', '_'"
                    + " or '-', not starting with '.' and without '..'");
        }
        return name;
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.startsWith(".") && !name.contains("..");
    }
}
