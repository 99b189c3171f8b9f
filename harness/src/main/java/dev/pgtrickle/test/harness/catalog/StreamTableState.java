package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One snapshot of a stream table's catalog row ({@code pgtrickle.pgt_stream_tables}) and its monitoring view row
 * ({@code pgtrickle.pg_stat_stream_tables}), read in a single query.
 *
 * @param schema the stream table's schema ({@code pgt_schema})
 * @param name the stream table's name ({@code pgt_name})
 * @param status {@code INITIALIZING}, {@code ACTIVE}, {@code SUSPENDED} or {@code ERROR}, as stored (typed:
 *     {@link #typedStatus()})
 * @param populated {@code is_populated}: whether the first fill succeeded
 * @param consecutiveErrors the failure streak of scheduled refreshes
 * @param lastErrorMessage the last refresh error, while the table is in error (era B)
 * @param lastErrorAt when that error happened (era B)
 * @param schedule the schedule string as stored; empty for CALCULATED
 * @param refreshMode {@code FULL}, {@code DIFFERENTIAL} or {@code IMMEDIATE}, as stored (typed:
 *     {@link #typedRefreshMode()})
 * @param definingQuery the stored query, after pg_trickle's rewrites
 * @param originalQuery the user's query text when it differs from {@code definingQuery}
 * @param dataTimestamp when the data was last changed by a refresh
 * @param lastRefreshAt when the last refresh ran
 * @param staleness the monitoring view's staleness ({@code now() - last_refresh_at} in era B); empty before the first
 *     refresh
 * @param stale the monitoring view's {@code stale} flag; empty for CALCULATED and cron schedules. It is true for a
 *     moment on every healthy cycle (between the table falling due and the scheduler's next look), so judge freshness
 *     by {@link #overdue()} instead
 * @param allowedStaleness how stale the table may be before it is overdue: its duration schedule plus two scheduler
 *     intervals ({@link StalenessRule}); empty for CALCULATED and cron schedules
 * @param overdue whether {@code staleness} exceeds {@code allowedStaleness}, judged by the database ({@link
 *     StalenessRule})
 * @param observedAt the database's {@code now()} when this snapshot was read
 */
@API(status = STABLE, since = "0.1")
public record StreamTableState(
        String schema,
        String name,
        String status,
        boolean populated,
        int consecutiveErrors,
        Optional<String> lastErrorMessage,
        Optional<Instant> lastErrorAt,
        Optional<String> schedule,
        String refreshMode,
        String definingQuery,
        Optional<String> originalQuery,
        Optional<Instant> dataTimestamp,
        Optional<Instant> lastRefreshAt,
        Optional<Duration> staleness,
        Optional<Boolean> stale,
        Optional<Duration> allowedStaleness,
        boolean overdue,
        Instant observedAt) {

    /**
     * A snapshot without the overdue verdict (the shape of this record before {@link StalenessRule}): it counts as
     * overdue when {@code stale} is true.
     *
     * @deprecated use the canonical constructor, which carries the database's verdict of {@link StalenessRule}
     */
    @Deprecated(since = "0.1.0")
    public StreamTableState(
            String schema,
            String name,
            String status,
            boolean populated,
            int consecutiveErrors,
            Optional<String> lastErrorMessage,
            Optional<Instant> lastErrorAt,
            Optional<String> schedule,
            String refreshMode,
            String definingQuery,
            Optional<String> originalQuery,
            Optional<Instant> dataTimestamp,
            Optional<Instant> lastRefreshAt,
            Optional<Duration> staleness,
            Optional<Boolean> stale,
            Instant observedAt) {
        this(
                schema,
                name,
                status,
                populated,
                consecutiveErrors,
                lastErrorMessage,
                lastErrorAt,
                schedule,
                refreshMode,
                definingQuery,
                originalQuery,
                dataTimestamp,
                lastRefreshAt,
                staleness,
                stale,
                Optional.empty(),
                stale.orElse(false),
                observedAt);
    }

    /** {@code schema.name}. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /**
     * The {@link #status()} as a {@link StreamTableStatus}.
     *
     * @throws IllegalArgumentException if the catalog holds a status this version does not know
     */
    public StreamTableStatus typedStatus() {
        return StreamTableStatus.parse(status);
    }

    /**
     * The {@link #refreshMode()} as a {@link RefreshMode} (never {@link RefreshMode#AUTO}: the catalog stores what
     * AUTO resolved to).
     *
     * @throws IllegalArgumentException if the catalog holds a mode this version does not know
     */
    public RefreshMode typedRefreshMode() {
        return RefreshMode.parse(refreshMode);
    }

    /** Whether the status is {@code ACTIVE}. */
    public boolean active() {
        return StreamTableStatus.find(status)
                .filter(StreamTableStatus.ACTIVE::equals)
                .isPresent();
    }

    /** Whether the table is in a state the scheduler will not leave by itself: {@code ERROR} or {@code SUSPENDED}. */
    public boolean broken() {
        return StreamTableStatus.find(status)
                .filter(StreamTableStatus::isBroken)
                .isPresent();
    }

    /**
     * Whether the table is fresh: it has been refreshed and is not {@link #overdue()} by {@link StalenessRule}. The
     * rule of {@code isFresh()} and of the "not overdue" part of {@code isHealthy()}.
     */
    public boolean fresh() {
        return lastRefreshAt.isPresent() && !overdue;
    }

    /** The query a fresh evaluation should run: the user's text when pg_trickle rewrote it, else the stored one. */
    public String queryToEvaluate() {
        return originalQuery.orElse(definingQuery);
    }

    /** A one-line summary for messages. */
    public String summary() {
        return "status=%s, populated=%s, consecutive_errors=%d, last_refresh_at=%s, last_error=%s"
                .formatted(
                        status,
                        populated,
                        consecutiveErrors,
                        lastRefreshAt.map(Instant::toString).orElse("never"),
                        lastErrorMessage.orElse("none"));
    }
}
