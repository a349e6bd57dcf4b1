package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.lock.JobLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every duration setting is read by one parser, so a value means the same wherever it is set: what
 * BACKUP_INTERVAL takes, S3_SWEEP_INTERVAL and BACKUP_LOCK_TIMEOUT take too, and read alike. Camel
 * is handed milliseconds, never the text (its own parser reads "15M" as 0).
 */
class DurationSettingsTest {

    private static final Map<String, Function<String, Duration>> USES = Map.of(
            "BACKUP_INTERVAL", v -> ServeSchedule.of(null, v).interval(),
            "S3_SWEEP_INTERVAL", ServeSchedule::offsiteSweep,
            "BACKUP_LOCK_TIMEOUT", JobLock::parseTimeout);

    @Test
    void everyDurationSettingReadsTheSameFormsAlike() {
        Map<String, Duration> forms = Map.of("1000", Duration.ofSeconds(1), "30s", Duration.ofSeconds(30), "15m",
                Duration.ofMinutes(15), "15M", Duration.ofMinutes(15), " 6h ", Duration.ofHours(6), "1h30m",
                Duration.ofMinutes(90), "2d", Duration.ofDays(2), "PT6H", Duration.ofHours(6), "pt90s", Duration.ofSeconds(90));
        USES.forEach((setting, use) -> forms.forEach((value, expected) ->
                assertThat(use.apply(value)).as(setting + " '" + value + "'").isEqualTo(expected)));
    }

    @Test
    void everyDurationSettingRefusesTheSameValuesNamingItself() {
        for (String value : List.of("forever", "15 minutes", "-5s", "1.5h", "PT-1H", "6hours", "m")) {
            USES.forEach((setting, use) -> assertThatThrownBy(() -> use.apply(value)).as(setting + " '" + value + "'")
                    .isInstanceOf(GraphVaultException.class)
                    .hasMessage(setting + " '" + value + "' is not a duration such as 30s, 15m, 6h or 1h30m"));
        }
    }

    @Test
    void aTimerPeriodIsASecondOrMore() {
        for (String setting : List.of("BACKUP_INTERVAL", "S3_SWEEP_INTERVAL")) {
            assertThatThrownBy(() -> USES.get(setting).apply("500ms")).hasMessage(setting + " '500ms' is shorter than a second");
        }
        // a lock timeout of 0 means: fail at once when another job holds the lock
        assertThat(JobLock.parseTimeout("0")).isZero();
    }

    @Test
    void noRouteHandsCamelADurationSettingAsText() throws IOException {
        List<String> settings = List.of("{{backup.interval", "{{s3.sweep-interval", "{{backup.lock-timeout");
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.readAllLines(route).stream().filter(line -> line.matches("\\s*[A-Za-z]+:\\s*\\S.*"))
                        .filter(line -> !line.trim().startsWith("message:"))
                        .forEach(line -> assertThat(settings).as(route + ": " + line.trim()).noneMatch(line::contains));
            }
        }
    }
}
