package io.graphvault.internal;

import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * Turns driver errors into one line a user can act on. Errors are classified by type and
 * {@link Neo4jException#code()}, never by message text; the password never appears.
 */
public final class Neo4jErrors {

    private Neo4jErrors() {
    }

    public static GraphVaultException explain(String doing, Neo4jSettings neo4j, Throwable e) {
        Neo4jException cause = firstDriverError(e);
        // A refused login or a lost connection says more than whichever step met it first ("restoring
        // constraint 'x' failed: Unable to connect"), so these two replace a message already in the chain.
        // Their cause is the driver's error alone: the innermost GraphVault message of a chain is the one shown.
        if (cause instanceof AuthenticationException) {
            return new GraphVaultException(doing + ": Neo4j at " + neo4j.safeUri() + " refused the credentials of user '"
                    + neo4j.user() + "'; check NEO4J_USER and NEO4J_PASSWORD", cause);
        }
        GraphVaultException tls = BoltTlsErrors.explain(doing, neo4j, e);
        if (tls != null) {
            return tls;
        }
        if (cause instanceof ServiceUnavailableException || cause instanceof SessionExpiredException) {
            return new GraphVaultException(doing + ": cannot reach Neo4j at " + neo4j.safeUri()
                    + " (" + GraphVaultException.describe(cause) + "); is it running, and is NEO4J_URI right?", cause);
        }
        GraphVaultException known = GraphVaultException.find(e);
        if (known != null) {
            return known;
        }
        String code = cause == null || cause.code() == null ? "" : cause.code();
        if (code.startsWith("Neo.ClientError.Database.DatabaseNotFound")) {
            return new GraphVaultException(doing + ": database '" + neo4j.database() + "' does not exist on "
                    + neo4j.safeUri() + "; check NEO4J_DATABASE", e);
        }
        if (code.startsWith("Neo.TransientError.General.DatabaseUnavailable")) {
            return new GraphVaultException(doing + ": database '" + neo4j.database() + "' on " + neo4j.safeUri()
                    + " stopped or is unavailable (" + GraphVaultException.describe(cause) + "); start it and try again", e);
        }
        if (cause != null) {
            return new GraphVaultException(doing + ": Neo4j said " + code + ": " + GraphVaultException.describe(cause), e);
        }
        return GraphVaultException.wrap(doing, e);
    }

    /** The outermost driver error in a chain, or null: the one whose code says what happened. */
    private static Neo4jException firstDriverError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Neo4jException n) {
                return n;
            }
        }
        return null;
    }

    public static boolean hasCode(Throwable e, String codePrefix) {
        Neo4jException n = firstDriverError(e);
        return n != null && n.code() != null && n.code().startsWith(codePrefix);
    }
}
