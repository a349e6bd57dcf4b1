package io.graphvault;

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
        GraphVaultException known = GraphVaultException.find(e);
        if (known != null) {
            return known;
        }
        Throwable cause = rootDriverError(e);
        if (cause instanceof AuthenticationException) {
            return new GraphVaultException(doing + ": Neo4j at " + neo4j.safeUri() + " refused the credentials of user '"
                    + neo4j.user() + "'; check NEO4J_USER and NEO4J_PASSWORD", e);
        }
        if (cause instanceof ServiceUnavailableException || cause instanceof SessionExpiredException) {
            return new GraphVaultException(doing + ": cannot reach Neo4j at " + neo4j.safeUri()
                    + " (" + GraphVaultException.describe(cause) + "); is it running, and is NEO4J_URI right?", e);
        }
        if (cause instanceof Neo4jException n4j && n4j.code() != null && n4j.code().startsWith("Neo.ClientError.Database.DatabaseNotFound")) {
            return new GraphVaultException(doing + ": database '" + neo4j.database() + "' does not exist on "
                    + neo4j.safeUri() + "; check NEO4J_DATABASE", e);
        }
        if (cause instanceof Neo4jException n4j && n4j.code() != null && n4j.code().startsWith("Neo.TransientError.General.DatabaseUnavailable")) {
            return new GraphVaultException(doing + ": database '" + neo4j.database() + "' on " + neo4j.safeUri()
                    + " stopped or is unavailable (" + GraphVaultException.describe(n4j) + "); start it and try again", e);
        }
        if (cause instanceof Neo4jException n4j) {
            return new GraphVaultException(doing + ": Neo4j said " + n4j.code() + ": " + GraphVaultException.describe(n4j), e);
        }
        return GraphVaultException.wrap(doing, e);
    }

    private static Throwable rootDriverError(Throwable e) {
        Throwable found = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Neo4jException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return found;
    }

    public static boolean hasCode(Throwable e, String codePrefix) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Neo4jException n && n.code() != null && n.code().startsWith(codePrefix)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
