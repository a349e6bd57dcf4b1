package io.graphvault.backup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupTargetTest {

    @Test
    void theThreeTargetsAreReadWhateverTheirCase() {
        assertThat(BackupTarget.parse("--to", "local")).isEqualTo(BackupTarget.LOCAL);
        assertThat(BackupTarget.parse("BACKUP_TO", " S3 ")).isEqualTo(BackupTarget.S3);
        assertThat(BackupTarget.parse("--to", "Both")).isEqualTo(BackupTarget.BOTH);
    }

    @Test
    void anythingElseIsRefusedNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> BackupTarget.parse("BACKUP_TO", "bucket")).hasMessage("BACKUP_TO 'bucket' is not one of local, s3, both");
        assertThatThrownBy(() -> BackupTarget.parse("--to", null)).hasMessageContaining("--to 'null'");
    }

    @Test
    void s3MeansBothAndOnlyBothIsReplicated() {
        assertThat(new BackupRequest(null, true, null, 10).to()).isEqualTo(BackupTarget.BOTH);
        assertThat(new BackupRequest(null, false, null, 10).to()).isEqualTo(BackupTarget.LOCAL);
        assertThat(new BackupRequest(null, BackupTarget.S3, null, 10).replicate()).isFalse();
        assertThat(new BackupRequest(null, BackupTarget.BOTH, null, 10).replicate()).isTrue();
        assertThat(new BackupRequest(null, (BackupTarget) null, null, 10).to()).isEqualTo(BackupTarget.LOCAL);
    }
}
