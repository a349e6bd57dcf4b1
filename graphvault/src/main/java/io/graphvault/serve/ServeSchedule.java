package io.graphvault.serve;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.SettingValues;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronExpression;

/**
 * When {@code serve} takes backups on its own: BACKUP_SCHEDULE (a Quartz cron expression) or
 * BACKUP_INTERVAL (a duration such as 6h or 30m), not both; neither means no schedule.
 */
public record ServeSchedule(String cron, Duration interval) {

    public static ServeSchedule of(String schedule, String interval) {
        String cron = schedule == null ? "" : schedule.trim();
        String every = interval == null ? "" : interval.trim();
        if (!cron.isEmpty() && !every.isEmpty()) {
            throw new GraphVaultException("BACKUP_SCHEDULE and BACKUP_INTERVAL are both set: set one of them");
        }
        if (!cron.isEmpty()) {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                throw new GraphVaultException("BACKUP_SCHEDULE '" + cron + "' is not a Quartz cron expression ("
                        + e.getMessage() + "); e.g. \"0 0 2 * * ?\" is every day at 02:00");
            }
            return new ServeSchedule(cron, null);
        }
        if (!every.isEmpty()) {
            return new ServeSchedule(null, SettingValues.period("BACKUP_INTERVAL", every));
        }
        return new ServeSchedule(null, null);
    }

    /** S3_SWEEP_INTERVAL: how often the offsite sweep runs. */
    public static Duration offsiteSweep(String value) {
        return SettingValues.period("S3_SWEEP_INTERVAL", value);
    }

    public boolean none() {
        return cron == null && interval == null;
    }

    /** The time between two scheduled backups (for cron: between the next two firings), or null. */
    public Duration period() {
        if (interval != null) {
            return interval;
        }
        if (cron == null) {
            return null;
        }
        Date next = cronExpression().getNextValidTimeAfter(new Date());
        Date after = next == null ? null : cronExpression().getNextValidTimeAfter(next);
        // a cron that fires at most once more has no period to measure against
        return after == null ? null : Duration.ofMillis(after.getTime() - next.getTime());
    }

    /** The first time the schedule fires after {@code time}, or null (no schedule, or a cron that fires no more). */
    public Instant nextAfter(Instant time) {
        if (interval != null) {
            return time.plus(interval);
        }
        if (cron == null) {
            return null;
        }
        Date next = cronExpression().getNextValidTimeAfter(Date.from(time));
        return next == null ? null : next.toInstant();
    }

    private CronExpression cronExpression() {
        try {
            return new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalStateException("validated cron expression no longer parses: " + cron, e);
        }
    }

    @Override
    public String toString() {
        return cron != null ? "cron " + cron : interval != null ? "every " + interval : "none";
    }
}
