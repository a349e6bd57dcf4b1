package io.graphvault.internal;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings are read strictly: a value a setting does not take is an error naming the setting and the value. */
class SettingValuesTest {

    @Test
    void aDurationIsMillisecondsUnitsOrIsoWhateverTheCaseAndSpacesAround() {
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "500")).isEqualTo(Duration.ofMillis(500));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", " 6H ")).isEqualTo(Duration.ofHours(6));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(SettingValues.duration("BACKUP_INTERVAL", "PT6H")).isEqualTo(Duration.ofHours(6));
        assertThat(SettingValues.duration("BACKUP_LOCK_TIMEOUT", "0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anythingElseIsNotADurationAndNeverAQuietZero() {
        for (String bad : new String[] {"forever", "", "6 h", "-5s", "5x", "h", "PT-1H", "99999999999999999999"}) {
            assertThatThrownBy(() -> SettingValues.duration("BACKUP_INTERVAL", bad)).as(bad)
                    .isInstanceOf(GraphVaultException.class)
                    .hasMessage("BACKUP_INTERVAL '" + bad + "' is not a duration such as 30s, 15m, 6h or 1h30m");
        }
        assertThatThrownBy(() -> SettingValues.duration("BACKUP_INTERVAL", null)).hasMessageStartingWith("BACKUP_INTERVAL 'null'");
    }

    @Test
    void aCountIsAWholeNumberOfZeroOrMore() {
        assertThat(SettingValues.count("BACKUP_KEEP_LAST", " 7 ")).isEqualTo(7);
        assertThat(SettingValues.count("BACKUP_KEEP_LAST", "0")).isZero();
        assertThatThrownBy(() -> SettingValues.count("BACKUP_KEEP_LAST", "-1"))
                .hasMessage("BACKUP_KEEP_LAST '-1' is negative: use 0 or more");
        assertThatThrownBy(() -> SettingValues.count("BACKUP_KEEP_LAST", "three"))
                .hasMessage("BACKUP_KEEP_LAST 'three' is not a whole number");
        assertThatThrownBy(() -> SettingValues.wholeNumber("BACKUP_BATCH_SIZE", "1.5"))
                .hasMessage("BACKUP_BATCH_SIZE '1.5' is not a whole number");
    }

    @Test
    void aFlagIsTrueOrFalseAndATypoIsAnErrorNotFalse() {
        assertThat(SettingValues.bool("S3_FORCE_PATH_STYLE", "true")).isTrue();
        assertThat(SettingValues.bool("S3_FORCE_PATH_STYLE", " FALSE ")).isFalse();
        for (String bad : new String[] {"yes", "1", "ture", ""}) {
            assertThatThrownBy(() -> SettingValues.bool("S3_FORCE_PATH_STYLE", bad)).as(bad)
                    .hasMessage("S3_FORCE_PATH_STYLE '" + bad + "' is not true or false");
        }
    }

    @Test
    void aPortIsZeroTo65535() {
        assertThat(SettingValues.port("SERVER_PORT", "0")).isZero();
        assertThat(SettingValues.port("SERVER_PORT", "65535")).isEqualTo(65535);
        assertThatThrownBy(() -> SettingValues.port("SERVER_PORT", "65536"))
                .hasMessage("SERVER_PORT '65536' is not a port (0 to 65535)");
        assertThatThrownBy(() -> SettingValues.port("SERVER_PORT", "-1"))
                .hasMessage("SERVER_PORT '-1' is not a port (0 to 65535)");
    }
}
