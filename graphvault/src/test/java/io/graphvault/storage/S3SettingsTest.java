package io.graphvault.storage;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.s3.S3Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3_* settings: where backups land, and a check that names the first setting that is wrong. */
class S3SettingsTest {

    private static S3Settings settings(String bucket, String prefix, String region, String endpoint, String accessKey,
            String secretKey) {
        return new S3Settings(bucket, prefix, region, endpoint, true, 0, accessKey, secretKey, "", "", "");
    }

    private static S3Settings valid() {
        return settings("graphvault-backups", "graphvault", "us-east-1", "", "", "");
    }

    @Test
    void backupsLandUnderThePrefixWhateverSlashesItWasWrittenWith() {
        S3Settings s = settings(" graphvault-backups ", "/team/graphvault/", "us-east-1", "", "", "").validate();

        assertThat(s.bucket()).isEqualTo("graphvault-backups");
        assertThat(s.backupPrefix("20261126T020000Z")).isEqualTo("team/graphvault/20261126T020000Z/");
        assertThat(s.rootPrefix()).isEqualTo("team/graphvault/");
        assertThat(s.uri("20261126T020000Z")).isEqualTo("s3://graphvault-backups/team/graphvault/20261126T020000Z");
        assertThat(s.rootUri()).isEqualTo("s3://graphvault-backups/team/graphvault");
    }

    @Test
    void withoutAPrefixBackupsLandAtTheTopOfTheBucket() {
        S3Settings s = settings("b1b", "", "us-east-1", "", "", "");

        assertThat(s.backupPrefix("pre-migration")).isEqualTo("pre-migration/");
        assertThat(s.rootPrefix()).isEmpty();
        assertThat(s.uri("pre-migration")).isEqualTo("s3://b1b/pre-migration");
        assertThat(s.rootUri()).isEqualTo("s3://b1b");
    }

    @Test
    void aBlankBucketMeansNoS3AndTheCheckSaysWhatToSet() {
        S3Settings s = settings("  ", "graphvault", "us-east-1", "", "", "");

        assertThat(s.configured()).isFalse();
        assertThatThrownBy(s::validate).isInstanceOf(GraphVaultException.class).hasMessageStartingWith("S3_BUCKET is not set");
    }

    @Test
    void eachWrongSettingIsNamed() {
        assertThatThrownBy(() -> settings("My_Bucket", "", "us-east-1", "", "", "").validate())
                .hasMessageStartingWith("S3_BUCKET 'My_Bucket' is not a valid bucket name");
        assertThatThrownBy(() -> settings("b1b", "", " ", "", "", "").validate())
                .hasMessageStartingWith("S3_REGION is not set");
        assertThatThrownBy(() -> settings("b1b", "", "us-east-1", "minio:9000", "", "").validate())
                .hasMessageStartingWith("S3_ENDPOINT 'minio:9000' is not a URL such as http://minio:9000");
        assertThatThrownBy(() -> settings("b1b", "", "us-east-1", "", "AKIAEXAMPLE", "").validate())
                .hasMessageStartingWith("AWS_SECRET_ACCESS_KEY is not set but the other key is");
        assertThatThrownBy(() -> settings("b1b", "", "us-east-1", "", "", "secret").validate())
                .hasMessageStartingWith("AWS_ACCESS_KEY_ID is not set but the other key is");
        assertThatThrownBy(() -> new S3Settings("b1b", "", "us-east-1", "", true, -1, "", "", "", "", "").validate())
                .hasMessageStartingWith("S3_KEEP_LAST is -1");
        assertThatThrownBy(() -> new S3Settings("b1b", "", "us-east-1", "", true, 0, "", "", "cold", "", "").validate())
                .hasMessageStartingWith("S3_STORAGE_CLASS 'COLD' is not an S3 storage class").hasMessageContaining("STANDARD_IA");
        assertThatThrownBy(() -> new S3Settings("b1b", "", "us-east-1", "", true, 0, "", "", "", "aes", "").validate())
                .hasMessageStartingWith("S3_SSE 'aes' is not supported");
        assertThatThrownBy(() -> new S3Settings("b1b", "", "us-east-1", "", true, 0, "", "", "", "AES256", "key-1").validate())
                .hasMessageStartingWith("S3_SSE_KMS_KEY_ID is set but S3_SSE is not aws:kms");
    }

    @Test
    void validOptionalSettingsPassAndTheStorageClassIsReadInAnyCase() {
        S3Settings s = new S3Settings("b1b", "", "us-east-1", "http://127.0.0.1:9000", true, 3, "ak", "sk", "standard_ia",
                "aws:kms", "arn:aws:kms:us-east-1:111122223333:key/k").validate();

        assertThat(s.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s.staticCredentials()).isTrue();
        assertThat(s.endpointUri()).hasToString("http://127.0.0.1:9000");
        assertThat(valid().validate().endpointUri()).as("AWS itself").isNull();
        assertThat(valid().staticCredentials()).as("the default credentials chain").isFalse();
    }

    @Test
    void theSecretKeyAndAnEndpointPasswordNeverShow() {
        S3Settings s = settings("b1b", "", "us-east-1", "", "AKIAEXAMPLE", "wJalrXUtnFEMI-secret");
        assertThat(s.toString()).doesNotContain("wJalrXUtnFEMI-secret").contains("secretKey=****");

        assertThatThrownBy(() -> settings("b1b", "", "us-east-1", "ftp://user:pa55word@minio:9000", "", "").validate())
                .hasMessageStartingWith("S3_ENDPOINT '")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word"));
    }
}
