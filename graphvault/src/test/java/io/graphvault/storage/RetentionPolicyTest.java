package io.graphvault.storage;

import io.graphvault.storage.retention.RetentionPolicy;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTest {

    private static List<Instant> times(String... isoNewestFirst) {
        return Arrays.stream(isoNewestFirst).map(Instant::parse).toList();
    }

    private static final List<Instant> NIGHTLY = times(
            "2026-11-26T02:00:00Z", "2026-11-25T14:00:00Z", "2026-11-25T02:00:00Z", "2026-11-24T02:00:00Z",
            "2026-11-20T02:00:00Z", "2026-11-13T02:00:00Z", "2026-10-31T02:00:00Z", "2025-12-31T02:00:00Z");

    @Test
    void keepLastKeepsTheNNewestAndNothingElse() {
        assertThat(RetentionPolicy.keepLast(3).reasons(NIGHTLY)).containsExactly(Set.of("last"), Set.of("last"), Set.of("last"),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    @Test
    void keepDailyKeepsTheNewestBackupOfEachOfTheLatestDaysThatHoldOne() {
        assertThat(new RetentionPolicy(0, 0, 3, 0, 0, 0).reasons(NIGHTLY)).containsExactly(Set.of("daily"), Set.of("daily"), Set.of(),
                Set.of("daily"), Set.of(), Set.of(), Set.of(), Set.of());
    }

    @Test
    void keepHourlyCountsHoursNotBackupsAndTwoBackupsInOneHourKeepOnlyTheNewer() {
        List<Instant> t = times("2026-11-26T10:59:59Z", "2026-11-26T10:00:00Z", "2026-11-26T09:30:00Z", "2026-11-26T07:00:00Z");
        assertThat(new RetentionPolicy(0, 2, 0, 0, 0, 0).reasons(t)).containsExactly(Set.of("hourly"), Set.of(), Set.of("hourly"), Set.of());
    }

    @Test
    void keepWeeklyUsesIsoWeeksThatCrossTheYearBoundary() {
        // 2026-01-01 (Thursday) and 2025-12-29 (Monday) are both in ISO week 2026-W01; 2025-12-28 (Sunday) is 2025-W52
        List<Instant> t = times("2026-01-01T00:00:00Z", "2025-12-29T00:00:00Z", "2025-12-28T23:59:59Z", "2025-12-22T00:00:00Z");
        assertThat(new RetentionPolicy(0, 0, 0, 2, 0, 0).reasons(t)).containsExactly(Set.of("weekly"), Set.of(), Set.of("weekly"), Set.of());
    }

    @Test
    void keepMonthlyAndYearlyKeepTheNewestOfTheirPeriodInUtc() {
        assertThat(new RetentionPolicy(0, 0, 0, 0, 2, 2).reasons(NIGHTLY)).containsExactly(Set.of("monthly", "yearly"),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of("monthly"), Set.of("yearly"));
    }

    @Test
    void aBackupKeptByTwoRulesNamesBothAndTheRulesAreAUnion() {
        List<Set<String>> r = new RetentionPolicy(1, 0, 2, 2, 0, 0).reasons(NIGHTLY);
        assertThat(r).containsExactly(Set.of("last", "daily", "weekly"), Set.of("daily"), Set.of(), Set.of(),
                Set.of("weekly"), Set.of(), Set.of(), Set.of());
    }

    @Test
    void moreRuleSlotsThanPeriodsKeepEveryPeriodOnce() {
        assertThat(new RetentionPolicy(0, 0, 0, 0, 0, 10).reasons(NIGHTLY)).filteredOn(s -> !s.isEmpty()).hasSize(2);
        assertThat(new RetentionPolicy(0, 0, 0, 0, 0, 10).reasons(List.of())).isEmpty();
    }

    @Test
    void noRuleIsNotAPolicyThatKeepsAnythingAndANegativeCountIsRefused() {
        assertThat(new RetentionPolicy(0, 0, 0, 0, 0, 0).any()).isFalse();
        assertThat(new RetentionPolicy(0, 0, 0, 0, 0, 1).any()).isTrue();
        assertThatThrownBy(() -> new RetentionPolicy(0, -1, 0, 0, 0, 0)).hasMessageContaining("-1");
    }
}
