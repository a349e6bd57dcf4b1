package io.graphvault.cli;

import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.EmptyBucket;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret is printed by any command, quiet or {@code --verbose} (Camel's start-up summary of
 * settings, debug logs and stack traces included): each command runs in its own JVM, configured as a
 * user would, and everything it writes to stdout and stderr is searched for every secret, as given
 * and in its other printable forms.
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class SecretsNotPrintedIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String ENCRYPTION_KEY = key(11);
    private static final String DECRYPTION_KEY = key(12);
    private static final String URI_PASSWORD = "uri-Pw-8d1c0e";
    private static final String ENDPOINT_PASSWORD = "endpoint-Pw-53b7aa";

    @TempDir
    Path work;

    private static String key(long seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void noCommandPrintsASecretQuietOrVerbose(@EmptyBucket String bucket) throws Exception {
        List<GraphVaultProcess.Result> results = new ArrayList<>();
        for (boolean verbose : List.of(false, true)) {
            String name = verbose ? "loud" : "quiet";
            Path backups = work.resolve(name);
            Map<String, String> source = env(TestServices.source().boltUri(), backups, bucket);
            Map<String, String> target = env(TestServices.target().boltUri(), backups, bucket);
            results.add(ok(run(source, verbose, "backup", "--name", name)));
            results.add(ok(run(source, verbose, "verify", "--from", name)));
            results.add(ok(run(source, verbose, "list")));
            results.add(ok(run(target, verbose, "restore", "--from", name)));
            results.add(ok(run(source, verbose, "replicate")));
            results.add(ok(run(source, verbose, "list", "--s3")));
            results.add(ok(run(source, verbose, "prune", "--keep-last", "1", "--dry-run")));
            results.add(ok(run(source, verbose, "status")));
            // and failures, whose messages and stack traces quote URIs and settings
            int closed = Ports.free();
            results.add(failed(run(env("bolt://127.0.0.1:" + closed, backups, bucket), verbose, "backup", "--name", "never")));
            Map<String, String> noS3 = env(TestServices.source().boltUri(), backups, bucket);
            noS3.put("S3_ENDPOINT", "http://minio:" + ENDPOINT_PASSWORD + "@127.0.0.1:" + closed);
            noS3.put("S3_RETRY_ATTEMPTS", "0");
            results.add(failed(run(noS3, verbose, "list", "--s3")));
            results.add(failed(run(source, verbose, "restore", "--from", "no-such-backup")));
        }

        for (GraphVaultProcess.Result r : results) {
            for (String secret : secrets()) {
                assertThat(r.out()).as(r.toString()).doesNotContain(secret);
                assertThat(r.err()).as(r.toString()).doesNotContain(secret);
            }
        }
    }

    /** What a user exports: every secret set, the Neo4j URI and the S3 endpoint with a user and password in them. */
    private static Map<String, String> env(String boltUri, Path backups, String bucket) {
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(boltUri.replace("://", "://neo4j:" + URI_PASSWORD + "@"),
                TestServices.PASSWORD, backups));
        env.put("BACKUP_ENCRYPTION_KEY", ENCRYPTION_KEY);
        env.put("BACKUP_DECRYPTION_KEYS", DECRYPTION_KEY);
        env.put("S3_BUCKET", bucket);
        env.put("S3_ENDPOINT", TestServices.s3().endpoint());
        env.put("S3_FORCE_PATH_STYLE", "true");
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        return env;
    }

    /** Each secret as given, and the forms a library might print it in (base64, hex of a key's bytes). */
    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (String s : List.of(TestServices.PASSWORD, EmbeddedS3.SECRET_KEY, URI_PASSWORD, ENDPOINT_PASSWORD)) {
            secrets.add(s);
            secrets.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        }
        for (String key : List.of(ENCRYPTION_KEY, DECRYPTION_KEY)) {
            secrets.add(key);
            secrets.add(key.replace("=", ""));
            byte[] bytes = Base64.getDecoder().decode(key);
            secrets.add(HexFormat.of().formatHex(bytes));
            secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return secrets;
    }

    private static GraphVaultProcess.Result run(Map<String, String> env, boolean verbose, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(args));
        if (verbose) {
            line.add("--verbose");
        }
        return GraphVaultProcess.run(env, List.of(), DEADLINE, line.toArray(String[]::new));
    }

    private static GraphVaultProcess.Result ok(GraphVaultProcess.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static GraphVaultProcess.Result failed(GraphVaultProcess.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        return r;
    }
}
