package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ServeScheduleTest {

    @Test
    void theNextTimeAfterABackupIsAnIntervalLaterOrTheCronsNextFiring() {
        Instant began = Instant.parse("2026-12-06T02:00:03Z");
        assertThat(ServeSchedule.of("", "6h").nextAfter(began)).isEqualTo(Instant.parse("2026-12-06T08:00:03Z"));
        Instant nextCron = ServeSchedule.of("0 0 2 * * ?", "").nextAfter(began);
        // Quartz reads the expression in the JVM's zone, as the quartz component does
        assertThat(ZonedDateTime.ofInstant(nextCron, ZoneId.systemDefault()).getHour()).isEqualTo(2);
        assertThat(nextCron).isAfter(began).isBeforeOrEqualTo(began.plusSeconds(25 * 3600));
        assertThat(ServeSchedule.of("", "").nextAfter(began)).isNull();
    }
}
