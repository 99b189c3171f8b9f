package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * When a stream table counts as <em>overdue</em>: the one rule behind {@code isFresh()}, {@code isHealthy()}, the
 * {@code stream_table_healthy} dbt test and the freshness operation.
 *
 * <p>pg_trickle's own {@code pg_stat_stream_tables.stale} flag turns true the moment the last refresh is older than the
 * schedule, but the scheduler only looks every {@code pg_trickle.scheduler_interval_ms} (and stretches that by up to
 * one more interval when refreshes overlap), so a healthy table is {@code stale} for a moment on every cycle. A check
 * on that flag is a coin toss. A table is overdue only when its staleness exceeds its duration schedule plus
 * {@value #SCHEDULER_INTERVALS_OF_MARGIN} scheduler intervals: a scheduler that is working has refreshed it by then.
 *
 * <p>The rule is SQL, so the database judges it against its own clock and in the same snapshot as the rest of a
 * report. The interval is the server's {@code pg_trickle.scheduler_interval_ms} (the emulation publishes its tick under
 * that name); without that setting, the real extension's default of {@value #DEFAULT_SCHEDULER_INTERVAL_MS} ms.
 * CALCULATED and cron schedules have no duration to compare with and are never overdue by this rule, as pg_trickle's
 * {@code stale} flag is NULL for them.
 */
@API(status = STABLE, since = "0.1")
public final class StalenessRule {

    /** How many scheduler intervals a table may be late before it counts as overdue. */
    public static final int SCHEDULER_INTERVALS_OF_MARGIN = 2;

    /** The real extension's default for {@code pg_trickle.scheduler_interval_ms}. */
    public static final int DEFAULT_SCHEDULER_INTERVAL_MS = 1000;

    /** The scheduler interval the rule reads, in seconds (numeric SQL). */
    public static final String SCHEDULER_INTERVAL_SECONDS_SQL =
            "(COALESCE(NULLIF(current_setting('pg_trickle.scheduler_interval_ms', true), '')::numeric, "
                    + DEFAULT_SCHEDULER_INTERVAL_MS + ") / 1000)";

    private StalenessRule() {}

    /**
     * SQL for the staleness a table may have, in seconds (numeric): its duration schedule plus the margin; NULL for a
     * CALCULATED or cron schedule.
     *
     * @param schedule an SQL expression for the table's {@code schedule} column, e.g. {@code s.schedule}
     */
    public static String allowedSecondsSql(String schedule) {
        return "(CASE WHEN %1$s IS NOT NULL AND %1$s !~ '[\\s@]' THEN pgtrickle.parse_duration_seconds(%1$s) + %2$d * %3$s END)"
                .formatted(schedule, SCHEDULER_INTERVALS_OF_MARGIN, SCHEDULER_INTERVAL_SECONDS_SQL);
    }

    /**
     * SQL for "overdue" (boolean, never NULL): the staleness is above {@link #allowedSecondsSql}. A table never
     * refreshed has no staleness and is not overdue by this rule (callers that need a refresh check that apart).
     *
     * @param staleness an SQL expression for the table's staleness interval, e.g. {@code v.staleness}
     * @param schedule an SQL expression for the table's {@code schedule} column
     */
    public static String overdueSql(String staleness, String schedule) {
        return "COALESCE(EXTRACT(EPOCH FROM %s) > %s, false)".formatted(staleness, allowedSecondsSql(schedule));
    }
}
