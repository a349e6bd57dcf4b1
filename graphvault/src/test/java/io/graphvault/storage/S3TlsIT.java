package io.graphvault.storage;

import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestCertificateAuthority;
import io.graphvault.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An S3 store served over https with a certificate of a company's private CA: the AWS SDK checks it against
 * the JVM's trust store, so the recipe of docs/operations.md (the CA in a trust store named by JAVA_TOOL_OPTIONS) is what
 * a user does, and what this runs, in GraphVault's own JVM.
 */
@GraphVaultTest(source = Holds.CLASS_DATA)
class S3TlsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String BUCKET = "gv-tls";

    @TempDir
    static Path dir;
    @TempDir
    Path backups;

    private static TestCertificateAuthority companyCa;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void anHttpsStoreWithACertificateOfAPrivateCa() throws Exception {
        companyCa = TestCertificateAuthority.create(dir, "company");
        TestCertificateAuthority.Issued server = companyCa.issue("s3");
        // the file system store reads a folder as a bucket: made here, no client needs to trust the store yet
        Files.createDirectories(dir.resolve("store").resolve(BUCKET));
        s3 = EmbeddedS3.startHttps(dir.resolve("store"), server.keyStore(), TestCertificateAuthority.STORE_PASSWORD);
        try (Session s = TestServices.sourceDriver().session()) {
            s.run("UNWIND range(1, 20) AS i CREATE (:Patient {id: i})").consume();
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD, backups));
        env.putAll(Map.of("S3_BUCKET", BUCKET, "S3_PREFIX", "gv", "S3_ENDPOINT", s3.endpoint(), "S3_FORCE_PATH_STYLE", "true",
                "AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY,
                "S3_RETRY_ATTEMPTS", "1", "S3_RETRY_DELAY", "100"));
        return env;
    }

    private Path manifestInBucket(String name) {
        return dir.resolve("store").resolve(BUCKET).resolve("gv").resolve(name).resolve("manifest.json");
    }

    @Test
    void aBackupReachesTheHttpsStoreOnceTheJvmTrustsTheCa() throws Exception {
        Map<String, String> env = env();
        env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + companyCa.trustStore()
                + " -Djavax.net.ssl.trustStorePassword=" + TestCertificateAuthority.STORE_PASSWORD);

        GraphVaultProcess.Result r = GraphVaultProcess.run(env, List.of(), DEADLINE, "backup", "--to", "s3", "--name", "offsite");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(manifestInBucket("offsite")).exists();
    }

    @Test
    void withoutTheCaInTheTrustStoreTheBackupFailsAndTheBucketGetsNothing() throws Exception {
        GraphVaultProcess.Result r = GraphVaultProcess.run(env(), List.of(), DEADLINE, "backup", "--to", "s3", "--name", "untrusted");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(manifestInBucket("untrusted")).doesNotExist();
    }
}
