package io.graphvault.app;

import static io.graphvault.internal.SettingValues.bool;
import static io.graphvault.internal.SettingValues.count;
import static io.graphvault.internal.SettingValues.period;
import static io.graphvault.internal.SettingValues.wholeNumber;

import io.graphvault.adminimport.PrepareImport;
import io.graphvault.format.BackupKeys;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.LazyS3Client;
import io.graphvault.storage.s3.S3BackupStore;
import io.graphvault.storage.s3.S3Replication;
import io.graphvault.storage.s3.S3Settings;
import io.graphvault.storage.s3.S3UploadPolicy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration.Builder;

import static io.graphvault.internal.SettingValues.bool;
import static io.graphvault.internal.SettingValues.count;
import static io.graphvault.internal.SettingValues.wholeNumber;

/**
 * The S3 side of GraphVault: client, offsite store and replication beans. Making them never talks
 * to S3 (no bucket is created or checked), so GraphVault starts and takes local backups while S3 is
 * down or not configured; the settings are checked when S3 is first used.
 */
@Configuration
public class S3Configuration implements CamelConfiguration {

    @PropertyInject(value = "s3.bucket", defaultValue = "")
    String bucket;
    @PropertyInject(value = "s3.prefix", defaultValue = "")
    String prefix;
    @PropertyInject(value = "s3.region", defaultValue = "us-east-1")
    String region;
    @PropertyInject(value = "s3.endpoint", defaultValue = "")
    String endpoint;
    @PropertyInject(value = "s3.force-path-style", defaultValue = "false")
    String forcePathStyle;
    @PropertyInject(value = "s3.keep-last", defaultValue = "0")
    String keepLast;
    @PropertyInject(value = "s3.access-key", defaultValue = "")
    String accessKey;
    @PropertyInject(value = "s3.secret-key", defaultValue = "")
    String secretKey;
    @PropertyInject(value = "s3.storage-class", defaultValue = "")
    String storageClass;
    @PropertyInject(value = "s3.sse", defaultValue = "")
    String sse;
    @PropertyInject(value = "s3.sse-kms-key-id", defaultValue = "")
    String sseKmsKeyId;
    @PropertyInject(value = "s3.retry-attempts", defaultValue = "10")
    String retryAttempts;
    @PropertyInject(value = "s3.retry-delay", defaultValue = "1000")
    String retryDelay;
    @PropertyInject(value = "s3.retry-max-delay", defaultValue = "60000")
    String retryMaxDelay;
    @PropertyInject(value = "restore.max-record-bytes", defaultValue = "536870912")
    String maxRecordBytes;
    @PropertyInject(value = "s3.sweep-interval", defaultValue = "15m")
    String sweepInterval;

    private S3Settings settings;
    private LazyS3Client client;

    @BindToRegistry
    public synchronized S3Settings s3Settings() {
        if (settings == null) {
            settings = new S3Settings(bucket, prefix, region, endpoint, bool("S3_FORCE_PATH_STYLE", forcePathStyle),
                    wholeNumber("S3_KEEP_LAST", keepLast), accessKey, secretKey, storageClass, sse, sseKmsKeyId);
        }
        return settings;
    }

    /**
     * The client for the aws2-s3 endpoint ({@code #s3Client} in routes/replication.camel.yaml) and
     * the S3 beans, built on first use ({@link LazyS3Client}): bound as a supplier, and the
     * component's autowiring is off (application.properties), so that no lookup builds it at start.
     */
    @Override
    public void configure(CamelContext camelContext) {
        camelContext.getRegistry().bind("s3Client", S3Client.class, () -> s3Client().get());
        if (!bucket.isEmpty()) {
            // read by the routes (retries, sweep) when they start: checked first, so that an error names the setting
            count("S3_RETRY_ATTEMPTS", retryAttempts);
            count("S3_RETRY_DELAY", retryDelay);
            count("S3_RETRY_MAX_DELAY", retryMaxDelay);
            period("S3_SWEEP_INTERVAL", sweepInterval);
        }
    }

    private synchronized LazyS3Client s3Client() {
        if (client == null) {
            client = new LazyS3Client(this::buildClient);
        }
        return client;
    }

    /**
     * Static credentials when both keys are set, else the default AWS chain (environment, profile,
     * instance role). An endpoint override with path-style addressing reaches MinIO and s3proxy.
     */
    private S3Client buildClient() {
        S3Settings s = s3Settings();
        AwsCredentialsProvider credentials = s.staticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        if (!s.staticCredentials()) {
            try {
                credentials.resolveCredentials();
            } catch (SdkClientException e) {
                // not S3 being down: no retry would help (the SDK's error would be retried for minutes)
                throw new GraphVaultException("no AWS credentials for " + s.rootUri() + ": set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or give this machine an AWS profile or role (" + e.getMessage() + ")");
            }
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials)
                .region(Region.of(s.region().isEmpty() ? "us-east-1" : s.region()))
                .serviceConfiguration(b -> pathStyle(b, s.forcePathStyle()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new S3UploadPolicy(s)));
        if (!s.endpoint().isEmpty()) {
            builder.endpointOverride(s.endpointUri());
        }
        return builder.build();
    }

    @BindToRegistry
    public S3BackupStore s3BackupStore() {
        return new S3BackupStore(s3Client(), s3Settings());
    }

    @BindToRegistry
    public S3Replication s3Replication(LocalBackupStore localBackupStore) {
        return new S3Replication(s3BackupStore(), localBackupStore);
    }

    /** Lazy, as the catalog it reads with: only prepare-import calls it. */
    @BindToRegistry(lazy = true)
    public PrepareImport prepareImport(BackupCatalog backupCatalog) {
        return new PrepareImport(backupCatalog, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Made here rather than with the local beans because {@code --from s3://…} needs the client. */
    @BindToRegistry
    public BackupCatalog backupCatalog(LocalBackupStore localBackupStore, BackupKeys backupKeys) {
        return new BackupCatalog(localBackupStore, s3Client(), recordLimit("RESTORE_MAX_RECORD_BYTES", maxRecordBytes), backupKeys);
    }

    /** At least 1 byte, and at most what one Java array holds: a line is read into one. */
    static int recordLimit(String setting, String value) {
        int n = wholeNumber(setting, value);
        if (n < 1 || n > Integer.MAX_VALUE - 8) {
            throw new io.graphvault.internal.GraphVaultException(setting + " '" + value + "' must be from 1 to " + (Integer.MAX_VALUE - 8)
                    + " bytes (the default, 536870912, is 512 MB)");
        }
        return n;
    }

    private static void pathStyle(Builder b, boolean forcePathStyle) {
        b.pathStyleAccessEnabled(forcePathStyle);
    }
}
