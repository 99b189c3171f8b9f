package dev.pgtrickle.test.assertj.error;

import dev.pgtrickle.test.harness.catalog.StreamTableWaitException;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** An {@code eventually()} assertion did not come true: the table failed, or time ran out. */
public final class ShouldSatisfyEventually extends BasicErrorMessageFactory {

    private ShouldSatisfyEventually(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure carrying the waiter's account (state, last error, history, last assertion failure). */
    public static ErrorMessageFactory shouldSatisfyEventually(String table, StreamTableWaitException failure) {
        return new ShouldSatisfyEventually(
                "%nExpecting stream table %s to eventually satisfy the assertion, but %s",
                unquotedString(table), unquotedString(failure.getMessage()));
    }
}
