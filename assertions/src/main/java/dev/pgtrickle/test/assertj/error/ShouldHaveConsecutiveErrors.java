package dev.pgtrickle.test.assertj.error;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table has more consecutive refresh errors than allowed. */
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
