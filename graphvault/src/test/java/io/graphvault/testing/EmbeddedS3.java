package io.graphvault.testing;

import io.graphvault.internal.GraphVaultException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server in this process (s3proxy), on a free loopback port: for the demo (demo/) and
 * the tests. Kept on disk when given a folder, in memory otherwise.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "graphvault-access";
    public static final String SECRET_KEY = "graphvault-secret-for-local-use-only";

    private final S3Proxy proxy;
    private final boolean https;

    private EmbeddedS3(S3Proxy proxy, boolean https) {
        this.proxy = proxy;
        this.https = https;
    }

    public static EmbeddedS3 start(Path dataDir) {
        return start(dataDir, false, builder -> builder.endpoint(URI.create("http://127.0.0.1:0")));
    }

    /** As {@link #start(Path)}, serving https only, with the key and certificate chain in a PKCS12 {@code keyStore}. */
    public static EmbeddedS3 startHttps(Path dataDir, Path keyStore, String password) {
        return start(dataDir, true, builder -> builder.secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keyStore.toString(), password));
    }

    private static EmbeddedS3 start(Path dataDir, boolean https, UnaryOperator<S3Proxy.Builder> listen) {
        try {
            BlobStore store;
            if (dataDir == null) {
                store = new TransientNio2BlobStore();
            } else {
                Files.createDirectories(dataDir);
                store = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
            }
            S3Proxy proxy = listen.apply(S3Proxy.builder()
                    .blobStore(store)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY))
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return new EmbeddedS3(proxy, https);
        } catch (Exception e) {
            throw GraphVaultException.wrap("the embedded S3 server could not start", e);
        }
    }

    /** An S3 client for this server, for set-up (buckets) and checks. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client client = newClient()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** The base URI: https on the host name its certificate names, when it serves https. */
    public String endpoint() {
        return https ? "https://localhost:" + proxy.getSecurePort()
                : "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw GraphVaultException.wrap("the embedded S3 server did not stop cleanly", e);
        }
    }
}
