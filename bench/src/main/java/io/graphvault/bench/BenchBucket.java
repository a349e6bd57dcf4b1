package io.graphvault.bench;

import io.graphvault.testing.EmbeddedS3;
import io.graphvault.testing.S3Buckets;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket on the tests' S3 server (s3proxy) in this JVM, its objects kept on disk in a folder: GraphVault's
 * S3 settings for a prefix of it, and the bytes of what lies under a prefix, as S3 lists them.
 */
final class BenchBucket implements AutoCloseable {

    private static final String BUCKET = "graphvault-bench";

    private final EmbeddedS3 server;
    private final S3Buckets client;

    private BenchBucket(EmbeddedS3 server) {
        this.server = server;
        this.client = S3Buckets.of(server);
    }

    static BenchBucket start(Path dir) {
        BenchBucket b = new BenchBucket(EmbeddedS3.start(dir));
        b.server.createBucket(BUCKET);
        return b;
    }

    /** GraphVault's environment for backups under {@code prefix}. */
    Map<String, String> env(String prefix) {
        return client.env(BUCKET, prefix);
    }

    /** {@code s3://<bucket>/<key>}, as GraphVault's {@code --from} names a backup in a bucket. */
    String uri(String key) {
        return "s3://" + BUCKET + "/" + key;
    }

    /** The bytes of every object whose key starts with {@code keyPrefix}: a backup's ({@code prefix/id/}) or a whole prefix's. */
    long bytes(String keyPrefix) {
        return client.keys(BUCKET, keyPrefix).stream().mapToLong(S3Object::size).sum();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
