package io.graphvault.storage.s3;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Uris;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where and how backups go offsite, from the {@code S3_*} settings. {@link #toString()} never shows
 * the secret key. Nothing here is checked until S3 is used, so GraphVault starts without S3.
 */
public record S3Settings(String bucket, String prefix, String region, String endpoint, boolean forcePathStyle,
        int keepLast, String accessKey, String secretKey, String storageClass, String sse, String sseKmsKeyId) {

    public static final String SSE_S3 = "AES256";
    public static final String SSE_KMS = "aws:kms";
    private static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
            "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE");

    public S3Settings {
        bucket = blankToEmpty(bucket);
        prefix = trimSlashes(blankToEmpty(prefix));
        region = blankToEmpty(region);
        endpoint = blankToEmpty(endpoint);
        accessKey = blankToEmpty(accessKey);
        secretKey = blankToEmpty(secretKey);
        storageClass = blankToEmpty(storageClass).toUpperCase(Locale.ROOT);
        sse = blankToEmpty(sse);
        sseKmsKeyId = blankToEmpty(sseKmsKeyId);
    }

    public boolean configured() {
        return !bucket.isEmpty();
    }

    public boolean staticCredentials() {
        return !accessKey.isEmpty() && !secretKey.isEmpty();
    }

    /** Checks every setting and names the first one that is wrong; call before any S3 work. */
    public S3Settings validate() {
        if (bucket.isEmpty()) {
            throw new GraphVaultException("S3_BUCKET is not set: set it (and S3_ENDPOINT for MinIO or another"
                    + " S3-compatible store) to use S3");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new GraphVaultException("S3_BUCKET '" + bucket + "' is not a valid bucket name: use 3 to 63 lower-case"
                    + " letters, digits, '.' or '-'");
        }
        if (region.isEmpty()) {
            throw new GraphVaultException("S3_REGION is not set: set it to the bucket's region (any region, e.g."
                    + " us-east-1, for MinIO)");
        }
        if (!endpoint.isEmpty()) {
            endpointUri();
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new GraphVaultException((accessKey.isEmpty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
                    + " is not set but the other key is: set both, or neither to use the default AWS credentials chain");
        }
        if (keepLast < 0) {
            throw new GraphVaultException("S3_KEEP_LAST is " + keepLast + ": use 0 (keep all) or a positive number");
        }
        if (!storageClass.isEmpty() && !STORAGE_CLASSES.contains(storageClass)) {
            throw new GraphVaultException("S3_STORAGE_CLASS '" + storageClass + "' is not an S3 storage class: use one of "
                    + String.join(", ", STORAGE_CLASSES.stream().sorted().toList()));
        }
        if (!sse.isEmpty() && !SSE_S3.equals(sse) && !SSE_KMS.equals(sse)) {
            throw new GraphVaultException("S3_SSE '" + sse + "' is not supported: use AES256 (SSE-S3), aws:kms (SSE-KMS)"
                    + " or leave it empty");
        }
        if (!sseKmsKeyId.isEmpty() && !SSE_KMS.equals(sse)) {
            throw new GraphVaultException("S3_SSE_KMS_KEY_ID is set but S3_SSE is not aws:kms: set S3_SSE=aws:kms or"
                    + " clear S3_SSE_KMS_KEY_ID");
        }
        return this;
    }

    /** The endpoint override, or null for AWS itself. */
    public URI endpointUri() {
        if (endpoint.isEmpty()) {
            return null;
        }
        try {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("no http(s) scheme and host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            // no cause: its message quotes the endpoint, and a user and password may be in it
            throw new GraphVaultException("S3_ENDPOINT '" + Uris.redact(endpoint) + "' is not a URL such as http://minio:9000 ("
                    + Uris.redact(e.getMessage(), endpoint) + ")");
        }
    }

    /** The key prefix of one backup: {@code PREFIX/<id>/}. */
    public String backupPrefix(String id) {
        return (prefix.isEmpty() ? "" : prefix + "/") + id + "/";
    }

    /** The key prefix under which every backup lives: {@code PREFIX/}, or empty. */
    public String rootPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    public String uri(String id) {
        return "s3://" + bucket + "/" + backupPrefix(id).replaceAll("/$", "");
    }

    public String rootUri() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + ", endpoint=" + endpoint
                + ", forcePathStyle=" + forcePathStyle + ", keepLast=" + keepLast + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey.isEmpty() ? "" : "****") + ", storageClass=" + storageClass + ", sse=" + sse
                + ", sseKmsKeyId=" + sseKmsKeyId + "]";
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
