package io.graphvault.cli;

import io.graphvault.format.BackupJson;
import io.graphvault.testing.Cli;
import io.graphvault.testing.EmbeddedNeo4j;
import io.graphvault.testing.TestCertificateAuthority;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.ClientCertificateManagers;
import org.neo4j.driver.ClientCertificates;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.facade.ExternalDependencies;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.internal.InProcessNeo4jBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Neo4j whose Bolt requires TLS with a certificate signed by a company's private CA: backup and restore work
 * once NEO4J_TRUSTED_CERTIFICATES names that CA (and, for mutual TLS, NEO4J_CLIENT_CERTIFICATE and
 * NEO4J_CLIENT_KEY a client certificate it signed); without them the error says it is the certificate and
 * names the setting.
 */
class BoltTlsIT {

    @TempDir
    static Path certificates;
    @TempDir
    Path backups;

    private static TestCertificateAuthority companyCa;
    private static TestCertificateAuthority.Issued client;
    private static EmbeddedNeo4j oneWay;
    private static EmbeddedNeo4j mutual;

    @BeforeAll
    static void serversWithCertificatesOfAPrivateCa() throws IOException {
        companyCa = TestCertificateAuthority.create(certificates, "company");
        TestCertificateAuthority.Issued server = companyCa.issue("server");
        client = companyCa.issue("client");
        Path trustedClients = Files.createDirectories(certificates.resolve("trusted-clients"));
        Files.copy(companyCa.certificate(), trustedClients.resolve("company-ca.pem"));
        oneWay = EmbeddedNeo4j.start(Files.createDirectories(certificates.resolve("one-way")), TestServices.PASSWORD,
                b -> boltTls(b, server, ClientAuth.NONE, null));
        mutual = EmbeddedNeo4j.start(new ClientCertificateRequired(Files.createDirectories(certificates.resolve("mutual"))),
                TestServices.PASSWORD, b -> boltTls(b, server, ClientAuth.REQUIRE, trustedClients));
    }

    @AfterAll
    static void stopServers() {
        if (oneWay != null) {
            oneWay.close();
        }
        if (mutual != null) {
            mutual.close();
        }
    }

    /** The harness sets client_auth=NONE and trust_all=true over any setting given to it: this sets them back. */
    private static final class ClientCertificateRequired extends InProcessNeo4jBuilder {

        ClientCertificateRequired(Path workDir) {
            super(workDir);
        }

        @Override
        protected DatabaseManagementService createNeo(org.neo4j.configuration.Config config, ExternalDependencies dependencies) {
            SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
            config.set(policy.client_auth, ClientAuth.REQUIRE);
            config.set(policy.trust_all, false);
            return super.createNeo(config, dependencies);
        }
    }

    /** Bolt with TLS required; the paths are absolute because the harness puts base_directory in its own folder. */
    private static Neo4jBuilder boltTls(Neo4jBuilder builder, TestCertificateAuthority.Issued server, ClientAuth clientAuth,
            Path trustedClients) {
        SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
        builder.withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.REQUIRED)
                .withConfig(policy.enabled, true)
                .withConfig(policy.base_directory, certificates)
                .withConfig(policy.private_key, server.privateKey())
                .withConfig(policy.public_certificate, server.certificate())
                .withConfig(policy.client_auth, clientAuth);
        return trustedClients == null ? builder : builder.withConfig(policy.trusted_dir, trustedClients);
    }

    private static String boltS(EmbeddedNeo4j neo4j) {
        return "bolt+s://localhost:" + URI.create(neo4j.boltUri()).getPort();
    }

    private Map<String, String> config(EmbeddedNeo4j neo4j) {
        return TestServices.config(boltS(neo4j), TestServices.PASSWORD, backups);
    }

    /** The test's own way in, the driver configured by hand. */
    private static Driver driver(EmbeddedNeo4j neo4j, boolean withClientCertificate) {
        Config config = Config.builder().withEncryption()
                .withTrustStrategy(Config.TrustStrategy.trustCustomCertificateSignedBy(companyCa.certificate().toFile())).build();
        return GraphDatabase.driver("bolt://localhost:" + URI.create(neo4j.boltUri()).getPort(),
                AuthTokens.basic(EmbeddedNeo4j.USER, TestServices.PASSWORD), withClientCertificate ? ClientCertificateManagers
                        .rotating(ClientCertificates.of(client.certificate().toFile(), client.privateKey().toFile())) : null, config);
    }

    private static List<Long> counts(Driver driver) {
        try (Session s = driver.session()) {
            return List.of(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong(),
                    s.run("MATCH ()-[r]->() RETURN count(r)").single().get(0).asLong());
        }
    }

    private static void smallGraph(Driver driver) {
        TestServices.wipe(driver);
        try (Session s = driver.session()) {
            s.run("UNWIND range(1, 50) AS i CREATE (:Patient {id: i})-[:SEES]->(:Doctor {id: i})").consume();
        }
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void aBackupOverBoltSTrustingThePrivateCaRestoresEveryNodeAndRelationship() throws IOException {
        try (Driver driver = driver(oneWay, false)) {
            smallGraph(driver);
            List<Long> before = counts(driver);
            Map<String, String> c = config(oneWay);
            c.put("neo4j.trusted-certificates", companyCa.certificate().toString());

            ok(Cli.run(c, "backup", "--name", "tls"));
            TestServices.wipe(driver);
            ok(Cli.run(c, "restore", "--from", "tls"));

            assertThat(before).containsExactly(100L, 50L);
            assertThat(counts(driver)).isEqualTo(before);
            assertThat(BackupJson.MAPPER.readTree(backups.resolve("tls/manifest.json").toFile()).findValuesAsText("uri"))
                    .as("the manifest names the URI the user gave, not the driver's").containsExactly(boltS(oneWay));
        }
    }

    @Test
    void withoutTheSettingTheBackupFailsSayingTheCertificateCouldNotBeVerifiedAndNamingTheSetting() {
        Cli.Result r = Cli.run(config(oneWay), "backup", "--name", "untrusted");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("certificate of Neo4j at " + boltS(oneWay) + " could not be verified")
                .contains("set NEO4J_TRUSTED_CERTIFICATES");
    }

    @Test
    void trustingAnotherCaFailsTheSameWayNamingTheFileThatDoesNotHoldTheRightCa() {
        TestCertificateAuthority otherCa = TestCertificateAuthority.create(certificates, "other");
        Map<String, String> c = config(oneWay);
        c.put("neo4j.trusted-certificates", otherCa.certificate().toString());

        Cli.Result r = Cli.run(c, "backup", "--name", "wrong-ca");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("certificate of Neo4j at " + boltS(oneWay) + " could not be verified")
                .contains("NEO4J_TRUSTED_CERTIFICATES ('" + otherCa.certificate() + "')");
    }

    @Test
    void mutualTlsWorksWithTheClientCertificateAndKey() {
        try (Driver driver = driver(mutual, true)) {
            smallGraph(driver);
            Map<String, String> c = config(mutual);
            c.put("neo4j.trusted-certificates", companyCa.certificate().toString());
            c.put("neo4j.client-certificate", client.certificate().toString());
            c.put("neo4j.client-key", client.privateKey().toString());

            ok(Cli.run(c, "backup", "--name", "mutual"));
            TestServices.wipe(driver);
            ok(Cli.run(c, "restore", "--from", "mutual"));

            assertThat(counts(driver)).containsExactly(100L, 50L);
        }
    }

    @Test
    void aClientKeyThatIsNoKeyFailsNamingTheSettings() {
        Map<String, String> c = config(oneWay);
        c.put("neo4j.trusted-certificates", companyCa.certificate().toString());
        c.put("neo4j.client-certificate", client.certificate().toString());
        c.put("neo4j.client-key", client.certificate().toString());

        Cli.Result r = Cli.run(c, "backup", "--name", "no-key");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("cannot load the client certificate and key")
                .contains("check that NEO4J_CLIENT_KEY is the PEM private key of NEO4J_CLIENT_CERTIFICATE");
    }

    @Test
    void mutualTlsWithoutAClientCertificateFailsNamingTheSettings() {
        Map<String, String> c = config(mutual);
        c.put("neo4j.trusted-certificates", companyCa.certificate().toString());

        Cli.Result r = Cli.run(c, "backup", "--name", "no-client-certificate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("Neo4j at " + boltS(mutual) + " ended the TLS handshake")
                .contains("NEO4J_CLIENT_CERTIFICATE").contains("NEO4J_CLIENT_KEY");
    }
}
