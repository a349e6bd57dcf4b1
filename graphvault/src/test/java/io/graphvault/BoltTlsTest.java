package io.graphvault;

import io.graphvault.internal.BoltTls;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.testing.TestCertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NEO4J_URI and the TLS settings as the driver is given them, and the combinations that cannot work. */
class BoltTlsTest {

    @TempDir
    static Path certificates;
    @TempDir
    Path dir;
    private static String ca;
    private static String certificate;
    private static String key;

    @BeforeAll
    static void pemFiles() {
        TestCertificateAuthority company = TestCertificateAuthority.create(certificates, "company");
        TestCertificateAuthority.Issued client = company.issue("client");
        ca = company.certificate().toString();
        certificate = client.certificate().toString();
        key = client.privateKey().toString();
    }

    private static Config configured(BoltTls tls) {
        return tls.configure(Config.builder()).build();
    }

    @Test
    void withoutTlsSettingsTheUriAndConfigAreTheUsers() {
        BoltTls tls = BoltTls.fromSettings("bolt+s://db.example.com:7687", "", "", "", "");

        assertThat(tls.driverUri()).isEqualTo("bolt+s://db.example.com:7687");
        assertThat(configured(tls).trustStrategy().strategy()).isEqualTo(Config.defaultConfig().trustStrategy().strategy());
        assertThat(tls.clientCertificates()).isNull();
    }

    @Test
    void aPrivateCaTurnsBoltSAndNeo4jSIntoThePlainSchemeWithEncryptionAndTheCaAsTrust() {
        for (String scheme : new String[] {"bolt", "neo4j"}) {
            BoltTls tls = BoltTls.fromSettings(scheme + "+s://user:secret@db.example.com:7687?policy=x", ca, "", "", "");

            assertThat(tls.driverUri()).isEqualTo(scheme + "://user:secret@db.example.com:7687?policy=x");
            Config config = configured(tls);
            assertThat(config.encrypted()).isTrue();
            assertThat(config.trustStrategy().strategy()).isEqualTo(Config.TrustStrategy.Strategy.TRUST_CUSTOM_CA_SIGNED_CERTIFICATES);
            assertThat(config.trustStrategy().certFiles()).containsExactly(Path.of(ca).toFile());
            assertThat(config.trustStrategy().isHostnameVerificationEnabled()).isTrue();
        }
    }

    @Test
    void aPrivateCaWithAPlainSchemeTurnsEncryptionOn() {
        BoltTls tls = BoltTls.fromSettings("neo4j://db.example.com", ca, "", "", "");

        assertThat(tls.driverUri()).isEqualTo("neo4j://db.example.com");
        assertThat(configured(tls).encrypted()).isTrue();
    }

    @Test
    void aPrivateCaWithSscIsRefusedBecauseSscChecksNoCertificate() {
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+ssc://user:secret@db.example.com", ca, "", "", ""))
                .isInstanceOf(GraphVaultException.class)
                .hasMessageContaining("NEO4J_TRUSTED_CERTIFICATES is set")
                .hasMessageContaining("bolt+ssc://").hasMessageContaining("use bolt+s://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aSettingNamingNoFileIsRefusedNamingSettingAndPath() {
        String missing = dir.resolve("nowhere.pem").toString();
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", missing, "", "", ""))
                .hasMessage("NEO4J_TRUSTED_CERTIFICATES '" + missing + "' is not a readable file; give the path of a PEM file");
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", "", certificate, missing, ""))
                .hasMessageStartingWith("NEO4J_CLIENT_KEY '" + missing + "'");
    }

    @Test
    void aFileWithoutCertificatesIsRefusedBeforeAnyConnection() throws IOException {
        String notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n").toString();
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", notPem, "", "", ""))
                .hasMessage("NEO4J_TRUSTED_CERTIFICATES '" + notPem + "' holds no certificate; give a PEM file of"
                        + " -----BEGIN CERTIFICATE----- blocks");
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", "", key, key, ""))
                .hasMessageStartingWith("NEO4J_CLIENT_CERTIFICATE '" + key + "' holds no certificate");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", "", certificate, "", ""))
                .hasMessageContaining("needs both NEO4J_CLIENT_CERTIFICATE and NEO4J_CLIENT_KEY").hasMessageContaining("set NEO4J_CLIENT_KEY");
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt+s://db.example.com", "", "", "", "key-password"))
                .hasMessageContaining("set NEO4J_CLIENT_CERTIFICATE").hasMessageNotContaining("key-password");
    }

    @Test
    void aClientCertificateNeedsTls() {
        assertThatThrownBy(() -> BoltTls.fromSettings("bolt://db.example.com", "", certificate, key, ""))
                .hasMessageContaining("NEO4J_URI 'bolt://db.example.com' does not use TLS");

        assertThat(BoltTls.fromSettings("bolt+s://db.example.com", "", certificate, key, "").clientCertificates()).isNotNull();
        assertThat(BoltTls.fromSettings("bolt://db.example.com", ca, certificate, key, "").clientCertificates()).isNotNull();
    }
}
