package io.graphvault.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA made with the JDK's keytool, and certificates it signs, as the PEM files a Neo4j server and
 * GraphVault are given: what a company's own CA hands out, without a crypto library in the tests.
 */
public final class TestCertificateAuthority {

    /**
     * A certificate signed by the CA and its private key, both PEM (the key PKCS#8, unencrypted), and both in a
     * PKCS12 key store of password {@link #STORE_PASSWORD} with the CA's certificate as the chain's root.
     */
    public record Issued(Path certificate, Path privateKey, Path keyStore) {
    }

    public static final String STORE_PASSWORD = "test-store-password";

    private final Path dir;
    private final Path keystore;
    private final Path certificate;

    private TestCertificateAuthority(Path dir, Path keystore, Path certificate) {
        this.dir = dir;
        this.keystore = keystore;
        this.certificate = certificate;
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestCertificateAuthority create(Path dir, String name) {
        Path keystore = dir.resolve(name + "-ca.p12");
        Path certificate = dir.resolve(name + "-ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-keystore", keystore.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-file", certificate.toString());
        return new TestCertificateAuthority(dir, keystore, certificate);
    }

    /** The CA's certificate, PEM: what NEO4J_TRUSTED_CERTIFICATES names. */
    public Path certificate() {
        return certificate;
    }

    /** A certificate for {@code localhost} and 127.0.0.1 (a server's, or a client's), signed by this CA. */
    public Issued issue(String name) {
        Path keys = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path issued = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-keystore", keys.toString());
        keytool("-certreq", "-alias", name, "-keystore", keys.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-infile", request.toString(), "-outfile", issued.toString());
        keytool("-importcert", "-alias", "ca", "-file", certificate.toString(), "-keystore", keys.toString());
        keytool("-importcert", "-alias", name, "-file", issued.toString(), "-keystore", keys.toString());
        Path key = dir.resolve(name + ".key");
        writePrivateKey(keys, name, key);
        return new Issued(issued, key, keys);
    }

    /** A PKCS12 trust store of password {@link #STORE_PASSWORD} holding the CA's certificate: for {@code javax.net.ssl.trustStore}. */
    public Path trustStore() {
        Path store = dir.resolve(certificate.getFileName() + ".truststore.p12");
        if (!Files.exists(store)) {
            keytool("-importcert", "-alias", "ca", "-file", certificate.toString(), "-keystore", store.toString());
        }
        return store;
    }

    private static void writePrivateKey(Path keys, String alias, Path pem) {
        try (InputStream in = Files.newInputStream(keys)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            Key key = store.getKey(alias, STORE_PASSWORD.toCharArray());
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key of " + keys, e);
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
