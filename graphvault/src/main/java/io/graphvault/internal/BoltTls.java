package io.graphvault.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import org.neo4j.driver.ClientCertificateManager;
import org.neo4j.driver.ClientCertificateManagers;
import org.neo4j.driver.ClientCertificates;
import org.neo4j.driver.Config;

/**
 * How the driver secures Bolt, from {@code NEO4J_URI} and the TLS settings: the CA certificates a server's
 * certificate must be signed by ({@code NEO4J_TRUSTED_CERTIFICATES}) and a client certificate for mutual TLS
 * ({@code NEO4J_CLIENT_CERTIFICATE}, {@code NEO4J_CLIENT_KEY}, {@code NEO4J_CLIENT_KEY_PASSWORD}).
 *
 * <p>The driver refuses a trust strategy on a {@code bolt+s://} or {@code neo4j+s://} URI ("not configurable
 * with manual encryption and trust settings"), so with a private CA it is given {@code bolt://} or
 * {@code neo4j://} with encryption on and the CA as the only trust: the same connection, checked against the
 * CA instead of the JVM's trust store. The user's URI is the one manifests and messages show.
 */
public final class BoltTls {

    static final String TRUSTED_CERTIFICATES = "NEO4J_TRUSTED_CERTIFICATES";
    static final String CLIENT_CERTIFICATE = "NEO4J_CLIENT_CERTIFICATE";
    static final String CLIENT_KEY = "NEO4J_CLIENT_KEY";
    static final String CLIENT_KEY_PASSWORD = "NEO4J_CLIENT_KEY_PASSWORD";

    private final String driverUri;
    private final File trustedCertificates;
    private final ClientCertificateManager clientCertificates;

    private BoltTls(String driverUri, File trustedCertificates, ClientCertificateManager clientCertificates) {
        this.driverUri = driverUri;
        this.trustedCertificates = trustedCertificates;
        this.clientCertificates = clientCertificates;
    }

    /** Empty settings mean "not set"; a setting that cannot work with the others is an error naming it. */
    public static BoltTls fromSettings(String uri, String trustedCertificates, String clientCertificate, String clientKey,
            String clientKeyPassword) {
        String scheme = scheme(uri);
        boolean encryptedByScheme = scheme.endsWith("+s") || scheme.endsWith("+ssc");
        File trusted = null;
        String driverUri = uri;
        if (!isBlank(trustedCertificates)) {
            if (scheme.endsWith("+ssc")) {
                throw new GraphVaultException(TRUSTED_CERTIFICATES + " is set, but NEO4J_URI '" + Uris.redact(uri)
                        + "' uses " + scheme + "://, which accepts any server certificate without checking it;"
                        + " use " + scheme.replace("+ssc", "+s") + ":// to check it against " + TRUSTED_CERTIFICATES
                        + ", or unset " + TRUSTED_CERTIFICATES);
            }
            trusted = certificates(TRUSTED_CERTIFICATES, trustedCertificates);
            if (scheme.endsWith("+s")) {
                driverUri = scheme.substring(0, scheme.length() - 2) + uri.substring(scheme.length());
            }
        }
        ClientCertificateManager client = null;
        if (!isBlank(clientCertificate) || !isBlank(clientKey) || !isBlank(clientKeyPassword)) {
            if (isBlank(clientCertificate) || isBlank(clientKey)) {
                throw new GraphVaultException("mutual TLS needs both " + CLIENT_CERTIFICATE + " and " + CLIENT_KEY
                        + " (" + CLIENT_KEY_PASSWORD + " only with an encrypted key); set "
                        + (isBlank(clientCertificate) ? CLIENT_CERTIFICATE : CLIENT_KEY) + " too, or unset the others");
            }
            if (trusted == null && !encryptedByScheme) {
                throw new GraphVaultException(CLIENT_CERTIFICATE + " is set, but NEO4J_URI '" + Uris.redact(uri)
                        + "' does not use TLS; use bolt+s:// or neo4j+s://, or set " + TRUSTED_CERTIFICATES);
            }
            client = ClientCertificateManagers.rotating(ClientCertificates.of(
                    certificates(CLIENT_CERTIFICATE, clientCertificate), readableFile(CLIENT_KEY, clientKey),
                    isBlank(clientKeyPassword) ? null : clientKeyPassword));
        }
        return new BoltTls(driverUri, trusted, client);
    }

    /** The URI the driver is given: the user's, or its plain-scheme twin when a private CA is trusted. */
    public String driverUri() {
        return driverUri;
    }

    /** Encryption on and the private CA as the only trust, when one is set; {@code config} as it was otherwise. */
    public Config.ConfigBuilder configure(Config.ConfigBuilder config) {
        if (trustedCertificates == null) {
            return config;
        }
        return config.withEncryption().withTrustStrategy(Config.TrustStrategy.trustCustomCertificateSignedBy(trustedCertificates));
    }

    /** The client certificate for mutual TLS, or null. */
    public ClientCertificateManager clientCertificates() {
        return clientCertificates;
    }

    private static String scheme(String uri) {
        int end = uri == null ? -1 : uri.indexOf("://");
        return end < 0 ? "" : uri.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The file, once it is known to hold PEM certificates: the driver would only say so at the first connection. */
    private static File certificates(String setting, String value) {
        File file = readableFile(setting, value);
        try (InputStream in = Files.newInputStream(file.toPath())) {
            if (!CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                return file;
            }
        } catch (IOException | CertificateException e) {
            // reported below, as a file without certificates
        }
        throw new GraphVaultException(setting + " '" + value + "' holds no certificate; give a PEM file of"
                + " -----BEGIN CERTIFICATE----- blocks");
    }

    private static File readableFile(String setting, String value) {
        Path path = Path.of(value.trim());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new GraphVaultException(setting + " '" + value + "' is not a readable file; give the path of a PEM file");
        }
        return path.toFile();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
