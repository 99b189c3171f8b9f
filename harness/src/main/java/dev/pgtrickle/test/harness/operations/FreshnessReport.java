package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.catalog.StalenessRule;
import dev.pgtrickle.test.harness.project.Relation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The outcome of {@link StreamTableOperations#checkFreshness}: one line per ACTIVE stream table checked.
 *
 * @param warnSeconds the warning threshold used
 * @param errorSeconds the error threshold used
 * @param lines one per stream table, in catalog order (schema, name)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FreshnessReport(long warnSeconds, long errorSeconds, List<Line> lines) {

    public FreshnessReport {
        lines = List.copyOf(lines);
    }

    /** How fresh one stream table is. */
    public enum Level {
        /** Staleness at or below the warning threshold (or never refreshed: no staleness yet). */
        OK,
        /** Above the warning threshold. */
        WARN,
        /** Above the error threshold: the check fails. */
        ERROR
    }

    /**
     * One stream table.
     *
     * @param name the stream table
     * @param stalenessSeconds seconds since the last refresh, as {@code pg_stat_stream_tables.staleness} reports it
     * @param lastRefreshAt when it was last refreshed
     * @param consecutiveErrors the scheduler's failure streak; above zero is reported as a warning
     * @param overdue whether it is later than its own schedule allows ({@link StalenessRule}, the rule of {@code
     *     isFresh()}); reported as a warning
     * @param level the verdict on staleness against the thresholds
     */
    public record Line(
            Relation name,
            Optional<Long> stalenessSeconds,
            Optional<Instant> lastRefreshAt,
            int consecutiveErrors,
            boolean overdue,
            Level level) {

        /**
         * A line without the overdue verdict (the shape of this record before {@link StalenessRule}).
         *
         * @deprecated use the canonical constructor
         */
        @Deprecated(since = "0.1.0")
        public Line(
                Relation name,
                Optional<Long> stalenessSeconds,
                Optional<Instant> lastRefreshAt,
                int consecutiveErrors,
                Level level) {
            this(name, stalenessSeconds, lastRefreshAt, consecutiveErrors, false, level);
        }

        /** Whether the scheduler has been failing on it (the plan logs these as warnings). */
        public boolean hasConsecutiveErrors() {
            return consecutiveErrors > 0;
        }

        /** Whether the line is worth a warning: above the warning threshold, failing, or overdue. */
        public boolean hasWarnings() {
            return level != Level.OK || hasConsecutiveErrors() || overdue;
        }

        /** {@code ERROR: public.order_totals is stale (2000s > 1800s)} and the like. */
        public String describe(long warnSeconds, long errorSeconds) {
            String staleness = stalenessSeconds.map(s -> s + "s").orElse("never refreshed");
            String verdict =
                    switch (level) {
                        case ERROR -> "ERROR: %s is stale (%s > %ds)".formatted(name, staleness, errorSeconds);
                        case WARN ->
                            "WARN: %s is approaching staleness (%s > %ds)".formatted(name, staleness, warnSeconds);
                        case OK -> "OK: %s is fresh (%s)".formatted(name, staleness);
                    };
            if (overdue) {
                verdict += "; WARN: overdue (later than its schedule plus %d scheduler intervals)"
                        .formatted(StalenessRule.SCHEDULER_INTERVALS_OF_MARGIN);
            }
            return hasConsecutiveErrors()
                    ? verdict + "; WARN: %d consecutive error(s)".formatted(consecutiveErrors)
                    : verdict;
        }
    }

    /** The lines above the error threshold. */
    public List<Line> errors() {
        return lines.stream().filter(line -> line.level() == Level.ERROR).toList();
    }

    /** Whether any line is a warning (staleness above the warning threshold, consecutive errors, or overdue). */
    public boolean hasWarnings() {
        return lines.stream()
                .anyMatch(line -> line.level() == Level.WARN || line.hasConsecutiveErrors() || line.overdue());
    }

    /** All lines, one per row, as the plan's run-operation logs them. */
    public String describe() {
        return lines.stream()
                .map(line -> line.describe(warnSeconds, errorSeconds))
                .collect(Collectors.joining("\n"));
    }
}
