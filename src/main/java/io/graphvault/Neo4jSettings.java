package io.graphvault;

import io.graphvault.internal.Uris;
import java.net.URI;

/** How to reach Neo4j. {@link #toString()} never shows the password. */
public record Neo4jSettings(String uri, String user, String password, String database) {

    /** The URI without any user info, fit for logs, errors and manifests. */
    public String safeUri() {
        try {
            URI u = URI.create(uri);
            if (u.getUserInfo() == null) {
                return uri;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null).toString();
        } catch (Exception e) {
            return Uris.redact(uri);
        }
    }

    @Override
    public String toString() {
        return "Neo4jSettings[uri=" + safeUri() + ", user=" + user + ", database=" + database + "]";
    }
}
