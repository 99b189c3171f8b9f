package dev.pgtrickle.test.assertj.error;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import java.time.Duration;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table is stale, never refreshed, or staler than allowed. */
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

    /** Why a table that is not fresh is not: never refreshed, or marked stale (also used by the health check). */
    static String staleReason(StreamTableState state) {
        return state.lastRefreshAt().isEmpty()
                ? "it was never refreshed"
                : "pgtrickle.pg_stat_stream_tables marks it stale: last refreshed %s ago, schedule %s"
                        .formatted(
                                state.staleness().map(StateText::duration).orElse("?"),
                                state.schedule().orElse("CALCULATED"));
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
