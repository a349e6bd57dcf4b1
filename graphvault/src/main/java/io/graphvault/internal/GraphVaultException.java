package io.graphvault.internal;

/**
 * The one unchecked exception root of GraphVault. Its message is what the user reads: it says what
 * failed, where (file, record, setting) and, where it can, what to do.
 */
public class GraphVaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GraphVaultException(String message) {
        super(message);
    }

    public GraphVaultException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Wraps {@code cause} unless a GraphVault exception is in its chain already (its message is the
     * one to show), so that messages are never prefixed twice on their way up through Camel.
     */
    public static GraphVaultException wrap(String message, Throwable cause) {
        GraphVaultException known = find(cause); // e.g. a bad setting, under Camel's "error creating bean"
        if (known != null) {
            return known;
        }
        return new GraphVaultException(message + ": " + describe(cause), cause);
    }

    /** The innermost GraphVault exception in a chain, or null. */
    public static GraphVaultException find(Throwable t) {
        GraphVaultException found = null;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof GraphVaultException gve) {
                found = gve;
            }
        }
        return found;
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
