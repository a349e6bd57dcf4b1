package io.graphvault.internal;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Whatever a worker thread throws, as an exception the rest of GraphVault (the routes' error
 * handlers, the command line) reports: an {@link Error} such as {@link OutOfMemoryError} would
 * otherwise pass every {@code catch (Exception)} and error handler, and end only its thread while
 * the command waits for that thread's result.
 */
public final class Failures {

    private Failures() {
    }

    /** {@code t} itself when a runtime exception; an error as a GraphVault exception that names it. */
    public static RuntimeException unchecked(Throwable t) {
        if (outOfMemory(t) != null && GraphVaultException.find(t) == null) {
            return new GraphVaultException(outOfMemoryMessage(), t);
        }
        if (t instanceof RuntimeException e) {
            return e;
        }
        return new GraphVaultException("internal error: " + t, t);
    }

    /** The out-of-memory error in {@code t}'s chain, or null. */
    public static OutOfMemoryError outOfMemory(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** What to tell a user whose command ran out of memory: the heap it had, and the setting that gives it more. */
    public static String outOfMemoryMessage() {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        String given = heapOption(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String heap = given != null ? given : "default, about " + maxMb + " MB";
        long doubled = 2 * (given != null ? megabytes(given.substring(4)) : maxMb);
        return "out of memory (heap " + heap + "): run with a larger heap: JAVA_TOOL_OPTIONS=-Xmx" + doubled + "m";
    }

    /** The last -Xmx option (the one the JVM applies), or null. */
    static String heapOption(List<String> jvmArguments) {
        String found = null;
        for (String a : jvmArguments) {
            if (a.startsWith("-Xmx") && megabytes(a.substring(4)) > 0) {
                found = a;
            }
        }
        return found;
    }

    /** A JVM memory size (256m, 2g, 1048576k, bytes) in MB; 0 if it is none. */
    static long megabytes(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        try {
            return switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
                case 'g' -> Long.parseLong(s.substring(0, s.length() - 1)) << 10;
                case 'm' -> Long.parseLong(s.substring(0, s.length() - 1));
                case 'k' -> Long.parseLong(s.substring(0, s.length() - 1)) >> 10;
                default -> Long.parseLong(s) >> 20;
            };
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
