package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StalenessRule;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import java.time.Duration;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table is overdue ({@link StalenessRule}), never refreshed, or staler than allowed. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldBeFresh extends BasicErrorMessageFactory {

    private ShouldBeFresh(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for a table that {@code pg_stat_stream_tables} marks stale or that was never refreshed. */
    public static ErrorMessageFactory shouldBeFresh(StreamTableState state) {
        return new ShouldBeFresh(
                "%nExpecting stream table %s to be fresh, but %s.%n%s",
                unquotedString(state.qualifiedName()),
                unquotedString(staleReason(state)),
                unquotedString(StateText.of(state)));
    }

    /**
     * Why a table that is not fresh is not: never refreshed, or overdue by {@link StalenessRule} (also used by the
     * health check).
     */
    static String staleReason(StreamTableState state) {
        return state.lastRefreshAt().isEmpty()
                ? "it was never refreshed"
                : "it is overdue: last refreshed %s ago, more than the %s its schedule %s allows (the schedule plus %d scheduler intervals)"
                        .formatted(
                                state.staleness().map(StateText::duration).orElse("?"),
                                state.allowedStaleness()
                                        .map(StateText::duration)
                                        .orElse("?"),
                                state.schedule().orElse("CALCULATED"),
                                StalenessRule.SCHEDULER_INTERVALS_OF_MARGIN);
    }

    /** The actual side of a freshness failure: {@code last refreshed 2m 5.0s ago}, or {@code never refreshed}. */
    public static String lateness(StreamTableState state) {
        return state.staleness()
                .map(staleness -> "last refreshed " + StateText.duration(staleness) + " ago")
                .orElse("never refreshed");
    }

    /** The expected side of an {@code isFresh()} failure: how late the table may be, by {@link StalenessRule}. */
    public static String allowedLateness(StreamTableState state) {
        return state.allowedStaleness().map(ShouldBeFresh::refreshedWithin).orElse("refreshed at least once");
    }

    /** The expected side of a staleness failure: {@code last refreshed at most 30.0s ago}. */
    public static String refreshedWithin(Duration max) {
        return "last refreshed at most " + StateText.duration(max) + " ago";
    }

    /** The failure for a table whose staleness exceeds {@code max}, or that was never refreshed. */
    public static ErrorMessageFactory shouldHaveStalenessAtMost(StreamTableState state, Duration max) {
        return new ShouldBeFresh(
                "%nExpecting stream table %s to have staleness at most:%n  %s%nbut was:%n  %s%n%s",
                unquotedString(state.qualifiedName()),
                unquotedString(StateText.duration(max)),
                unquotedString(state.staleness().map(StateText::duration).orElse("never refreshed")),
                unquotedString(StateText.of(state)));
    }
}
