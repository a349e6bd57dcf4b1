package io.graphvault.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads setting values with errors that name the setting (an environment variable) and the value.
 * Strict: a value that is not what the setting takes is an error, never a quiet default (Camel's
 * own duration parser reads "forever" as 0, "15M" as 0: a duration goes to Camel as milliseconds).
 */
public final class SettingValues {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private SettingValues() {
    }

    public static int wholeNumber(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new GraphVaultException(setting + " '" + value + "' is not a whole number", e);
        }
    }

    /** A whole number of 0 or more. */
    public static int count(String setting, String value) {
        int n = wholeNumber(setting, value);
        if (n < 0) {
            throw new GraphVaultException(setting + " '" + value + "' is negative: use 0 or more");
        }
        return n;
    }

    /**
     * A duration: milliseconds ({@code 500}), units ({@code 30s}, {@code 15m}, {@code 6h},
     * {@code 1h30m}, {@code 2d}) or ISO-8601 ({@code PT6H}).
     */
    public static Duration duration(String setting, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+")) {
                return Duration.ofMillis(Long.parseLong(v));
            }
            if (v.startsWith("p")) {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    return d;
                }
            } else if (!v.isEmpty() && DURATION_PART.matcher(v).replaceAll("").isEmpty()) {
                Duration d = Duration.ZERO;
                Matcher m = DURATION_PART.matcher(v);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    d = d.plus(switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
                }
                return d;
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // falls through to the error below
        }
        throw new GraphVaultException(setting + " '" + value + "' is not a duration such as 30s, 15m, 6h or 1h30m");
    }

    /**
     * A {@link #duration} of a second or more: the period of a timer (BACKUP_INTERVAL,
     * S3_SWEEP_INTERVAL). Camel is handed the milliseconds, never the text, so that no second
     * parser reads the setting otherwise.
     */
    public static Duration period(String setting, String value) {
        Duration d = duration(setting, value);
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new GraphVaultException(setting + " '" + value + "' is shorter than a second");
        }
        return d;
    }

    /** {@code true} or {@code false}, nothing else (a typo must not read as false). */
    public static boolean bool(String setting, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new GraphVaultException(setting + " '" + value + "' is not true or false");
    }

    /** A TCP port, 0 (any free port) to 65535. */
    public static int port(String setting, String value) {
        int port = wholeNumber(setting, value);
        if (port < 0 || port > 65535) {
            throw new GraphVaultException(setting + " '" + value + "' is not a port (0 to 65535)");
        }
        return port;
    }
}
