package io.graphvault.backup;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jErrors;
import io.graphvault.internal.Neo4jSettings;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/**
 * Names the properties a failed backup could not read. Neo4j 2026 has value types (UUID from
 * 2026.08, VECTOR from 2025.10) that driver 5.28 cannot decode, so the backup fails as soon as the
 * server sends one. The backup must never carry a different value, so it fails; this says where
 * such values are, asking the server for their types only ({@code valueType}), never the values.
 * Only run after a failure: it reads every property of the graph.
 */
final class UnreadableValues {

    private static final String TYPES = "valueType(v) STARTS WITH 'UUID' OR valueType(v) STARTS WITH 'VECTOR'";
    private static final String NODES = "MATCH (n) UNWIND keys(n) AS k WITH n, k, n[k] AS v WHERE " + TYPES
            + " RETURN DISTINCT ':' + reduce(s = '', l IN labels(n) | s + l + ':') + k + ' (' + valueType(v) + ')' AS found LIMIT 10";
    private static final String RELATIONSHIPS = "MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k, r[k] AS v WHERE " + TYPES
            + " RETURN DISTINCT '[:' + type(r) + '] ' + k + ' (' + valueType(v) + ')' AS found LIMIT 10";

    private UnreadableValues() {
    }

    /** The error to report for {@code failure}: one naming the unreadable properties if there are any, else the failure explained. */
    static GraphVaultException explain(Driver driver, Neo4jSettings neo4j, String backup, RuntimeException failure) {
        GraphVaultException known = GraphVaultException.find(failure);
        if (known != null) {
            return known; // GraphVault's own reason, already clear
        }
        if (!mayBeUndecodable(failure)) {
            // The server's own error, a refused login or a lost connection: a scan would say nothing new,
            // and after a refused login another attempt counts towards the server's login rate limit
            return Neo4jErrors.explain("backup " + backup + " failed", neo4j, failure);
        }
        List<String> found = new ArrayList<>();
        try (Session s = driver.session(SessionConfig.builder().withDatabase(neo4j.database())
                .withDefaultAccessMode(AccessMode.READ).build())) {
            found.addAll(s.run(NODES).list(r -> r.get(0).asString()));
            found.addAll(s.run(RELATIONSHIPS).list(r -> r.get(0).asString()));
        } catch (RuntimeException e) {
            if (e != failure) { // the driver may throw the very exception it kept from the first attempt
                failure.addSuppressed(e); // a server without valueType(), or gone: the first failure is the one to report
            }
        }
        if (found.isEmpty()) {
            return Neo4jErrors.explain("backup " + backup + " failed", neo4j, failure);
        }
        return new GraphVaultException("backup " + backup + " failed: the graph holds values of types this GraphVault cannot"
                + " read (its Neo4j driver 5.28 does not know UUID or VECTOR values), at (labels:key) " + String.join(", ", found)
                + "; no backup was written. Back up a copy without these properties, or wait for a GraphVault on driver 6", failure);
    }

    /** A value the driver cannot decode fails on the client, with no server status code (and no unreadable client key). */
    private static boolean mayBeUndecodable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SecurityException || t instanceof GeneralSecurityException
                    || t instanceof ServiceUnavailableException || t instanceof SessionExpiredException
                    || t instanceof Neo4jException n && n.code() != null && n.code().startsWith("Neo.")) {
                return false;
            }
        }
        return true;
    }
}
