package io.graphvault.internal;


/**
 * How to reach Neo4j. {@code trustedCertificates} and {@code clientCertificate} are the paths of
 * NEO4J_TRUSTED_CERTIFICATES and NEO4J_CLIENT_CERTIFICATE, empty when not set. {@link #toString()} never
 * shows the password.
 */
public record Neo4jSettings(String uri, String user, String password, String database, String trustedCertificates,
        String clientCertificate) {

    /** The URI with any user info (a user and password written into it) as {@code ***}: fit for logs, errors and manifests. */
    public String safeUri() {
        return Uris.redact(uri);
    }

    @Override
    public String toString() {
        return "Neo4jSettings[uri=" + safeUri() + ", user=" + user + ", database=" + database + "]";
    }
}
