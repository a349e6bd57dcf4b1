package io.graphvault.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * A failed TLS handshake with Neo4j, or a client certificate the driver could not load, told as such: the
 * driver says only "Failed to establish secured connection with the server". Classified by the JDK's
 * exception types in the chain, never by message text.
 */
final class BoltTlsErrors {

    private BoltTlsErrors() {
    }

    /** The explanation of a TLS failure in {@code e}'s chain, or null when there is none. */
    static GraphVaultException explain(String doing, Neo4jSettings neo4j, Throwable e) {
        SSLException tls = find(e, SSLException.class);
        if (tls == null) {
            GeneralSecurityException unreadable = find(e, GeneralSecurityException.class);
            if (unreadable != null && !neo4j.clientCertificate().isBlank()) {
                return new GraphVaultException(doing + ": cannot load the client certificate and key ("
                        + innermostMessage(unreadable) + "); check that " + BoltTls.CLIENT_KEY + " is the PEM private key of "
                        + BoltTls.CLIENT_CERTIFICATE + " ('" + neo4j.clientCertificate() + "'), and "
                        + BoltTls.CLIENT_KEY_PASSWORD + " if the key is encrypted", unreadable);
            }
            return null;
        }
        CertificateException certificate = find(tls, CertificateException.class);
        if (certificate != null) {
            return new GraphVaultException(doing + ": the TLS certificate of Neo4j at " + neo4j.safeUri()
                    + " could not be verified (" + innermostMessage(certificate) + "); " + whatToTrust(neo4j), tls);
        }
        return new GraphVaultException(doing + ": Neo4j at " + neo4j.safeUri() + " ended the TLS handshake ("
                + innermostMessage(tls) + "); " + whatToPresent(neo4j), tls);
    }

    private static String whatToTrust(Neo4jSettings neo4j) {
        if (neo4j.trustedCertificates().isBlank()) {
            return "if a private CA signed it, set " + BoltTls.TRUSTED_CERTIFICATES
                    + " to a PEM file with that CA's certificate";
        }
        return "check that " + BoltTls.TRUSTED_CERTIFICATES + " ('" + neo4j.trustedCertificates()
                + "') holds the certificate of the CA that signed it, and that the certificate names the host of NEO4J_URI";
    }

    private static String whatToPresent(Neo4jSettings neo4j) {
        if (neo4j.clientCertificate().isBlank()) {
            return "if it requires a client certificate (mutual TLS), set " + BoltTls.CLIENT_CERTIFICATE + " and "
                    + BoltTls.CLIENT_KEY;
        }
        return "check that " + BoltTls.CLIENT_CERTIFICATE + " ('" + neo4j.clientCertificate()
                + "') is signed by a CA the server trusts and has not expired";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String innermostMessage(Throwable e) {
        String message = GraphVaultException.describe(e);
        for (Throwable c = e.getCause(); c != null && c.getCause() != c; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        return message;
    }
}
