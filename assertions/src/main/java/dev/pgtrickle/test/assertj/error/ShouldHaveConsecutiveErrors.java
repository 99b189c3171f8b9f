package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A stream table's refresh errors are not what the test expects: more consecutive errors than allowed, fewer than
 * required, or a broken status ({@code ERROR}/{@code SUSPENDED}) that the counter does not show.
 */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveConsecutiveErrors extends BasicErrorMessageFactory {

    private ShouldHaveConsecutiveErrors(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for a table that should have no consecutive errors. */
    public static ErrorMessageFactory shouldHaveNoConsecutiveErrors(StreamTableState state) {
        return new ShouldHaveConsecutiveErrors(
                "%nExpecting stream table %s to have no consecutive errors, but it has %s.%n%s",
                unquotedString(state.qualifiedName()), state.consecutiveErrors(), unquotedString(StateText.of(state)));
    }

    /**
     * The failure for a table that should have no consecutive errors but is {@code ERROR} or {@code SUSPENDED}: the
     * counter may well be 0 (pg_trickle sets {@code ERROR} for a permanent error without counting it), so the message
     * says that the status, not the counter, is what failed.
     */
    public static ErrorMessageFactory shouldHaveNoConsecutiveErrorsButIsBroken(StreamTableState state) {
        return new ShouldHaveConsecutiveErrors(
                "%nExpecting stream table %s to have no consecutive errors, but its status is %s (consecutive errors:"
                        + " %s): pg_trickle stops refreshing an ERROR or SUSPENDED table, and sets ERROR without"
                        + " counting the error in consecutive_errors.%n%s",
                unquotedString(state.qualifiedName()),
                unquotedString(state.status()),
                state.consecutiveErrors(),
                unquotedString(StateText.of(state)));
    }

    /** The failure for a table with fewer than {@code min} consecutive errors. */
    public static ErrorMessageFactory shouldHaveConsecutiveErrorsAtLeast(StreamTableState state, int min) {
        return new ShouldHaveConsecutiveErrors(
                "%nExpecting stream table %s to have at least %s consecutive errors, but it has %s.%n%s",
                unquotedString(state.qualifiedName()),
                min,
                state.consecutiveErrors(),
                unquotedString(StateText.of(state)));
    }

    /** The failure for a table with more than {@code max} consecutive errors. */
    public static ErrorMessageFactory shouldHaveConsecutiveErrorsAtMost(StreamTableState state, int max) {
        return new ShouldHaveConsecutiveErrors(
                "%nExpecting stream table %s to have at most %s consecutive errors, but it has %s.%n%s",
                unquotedString(state.qualifiedName()),
                max,
                state.consecutiveErrors(),
                unquotedString(StateText.of(state)));
    }
}
