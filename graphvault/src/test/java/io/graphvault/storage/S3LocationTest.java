package io.graphvault.storage;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.s3.S3Location;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code s3://bucket/prefix/ID} as users type it into restore, verify and inbox triggers. */
class S3LocationTest {

    @Test
    void aLocationSplitsIntoBucketPrefixAndIdAndPrintsAsItWasTyped() {
        S3Location location = S3Location.parse("s3://graphvault-backups/graphvault/20261126T020000Z");

        assertThat(location).isEqualTo(new S3Location("graphvault-backups", "graphvault", "20261126T020000Z"));
        assertThat(location.keyPrefix()).isEqualTo("graphvault/20261126T020000Z/");
        assertThat(location).hasToString("s3://graphvault-backups/graphvault/20261126T020000Z");
    }

    @Test
    void thePrefixMayBeNestedOrEmptyAndATrailingSlashIsIgnored() {
        assertThat(S3Location.parse("s3://b1/team/neo4j/prod/pre-migration/"))
                .isEqualTo(new S3Location("b1", "team/neo4j/prod", "pre-migration"));
        S3Location top = S3Location.parse("s3://b1/pre-migration");
        assertThat(top.prefix()).isEmpty();
        assertThat(top.keyPrefix()).isEqualTo("pre-migration/");
        assertThat(top).hasToString("s3://b1/pre-migration");
    }

    @Test
    void aLocationThatNamesNoBackupIsRefusedWithTheFormToUse() {
        for (String uri : new String[] {"s3://bucket", "s3://bucket/", "s3:///20261126T020000Z"}) {
            assertThatThrownBy(() -> S3Location.parse(uri)).as(uri).isInstanceOf(GraphVaultException.class)
                    .hasMessage("'" + uri + "' names no backup: use s3://bucket/prefix/ID");
        }
    }

    @Test
    void anIdOrPrefixThatCouldLeaveThePrefixIsRefused() {
        for (String uri : new String[] {"s3://b/p/..", "s3://b/../20261126T020000Z", "s3://b/p/a:b", "s3://b/p/.hidden"}) {
            assertThatThrownBy(() -> S3Location.parse(uri)).as(uri).isInstanceOf(GraphVaultException.class)
                    .hasMessageContaining("'" + uri + "' does not end in a backup id");
        }
    }

    @Test
    void onlyTheS3SchemeIsS3() {
        assertThat(S3Location.isS3("s3://b/p/id")).isTrue();
        assertThat(S3Location.isS3("/var/lib/graphvault/backups/id")).isFalse();
        assertThat(S3Location.isS3("20261126T020000Z")).isFalse();
        assertThat(S3Location.isS3(null)).isFalse();
    }
}
