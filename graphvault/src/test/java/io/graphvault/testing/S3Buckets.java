package io.graphvault.testing;

import io.graphvault.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A test's view of an S3-compatible server through the AWS SDK: make a fresh bucket, and read back
 * what is in it as a user would check it (keys and SHA-256 of each object).
 */
public final class S3Buckets implements AutoCloseable {

    private final S3Client client;
    private final String endpoint;

    public S3Buckets(String endpoint) {
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                .build();
    }

    public static S3Buckets of(EmbeddedS3 s3) {
        return new S3Buckets(s3.endpoint());
    }

    public S3Client client() {
        return client;
    }

    public String newBucket() {
        String name = "gv-" + UUID.randomUUID().toString().substring(0, 13);
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /** GraphVault's S3 settings for {@code bucket} on this server. */
    public Map<String, String> config(String bucket, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("s3.bucket", bucket);
        c.put("s3.prefix", prefix);
        c.put("s3.region", "us-east-1");
        c.put("s3.endpoint", endpoint);
        c.put("s3.force-path-style", "true");
        c.put("s3.access-key", EmbeddedS3.ACCESS_KEY);
        c.put("s3.secret-key", EmbeddedS3.SECRET_KEY);
        c.put("s3.retry-delay", "100");
        c.put("s3.retry-max-delay", "400");
        c.put("s3.retry-attempts", "3");
        return c;
    }

    /** The same as environment variables, for a GraphVault in its own process. */
    public Map<String, String> env(String bucket, String prefix) {
        return Map.of("S3_BUCKET", bucket, "S3_PREFIX", prefix, "S3_ENDPOINT", endpoint, "S3_FORCE_PATH_STYLE", "true",
                "S3_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
    }

    /** Every key under {@code prefix} with the SHA-256 of its content. */
    public Map<String, String> checksums(String bucket, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : keys(bucket, prefix)) {
            try (InputStream in = client.getObject(b -> b.bucket(bucket).key(o.key()))) {
                out.put(o.key(), Sha256.hex(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public List<S3Object> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().toList();
    }

    public byte[] get(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** What a backup folder holds, keyed as {@code keyPrefix + relative path}, with the SHA-256 of each file. */
    public static Map<String, String> localChecksums(java.nio.file.Path dir, String keyPrefix) {
        Map<String, String> out = new TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.put(keyPrefix + dir.relativize(f).toString().replace('\\', '/'), Sha256.hex(java.nio.file.Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
    }
}
