package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** An {@code eventually()} assertion did not come true: the table failed, or time ran out. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldSatisfyEventually extends BasicErrorMessageFactory {

    private ShouldSatisfyEventually(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * The failure carrying the waiter's account (state, last error, history, last assertion failure).
     *
     * @param table the stream table's name
     * @param waitFailure the message of the waiter's {@code StreamTableFailedException} or {@code
     *     StreamTableTimeoutException}
     */
    public static ErrorMessageFactory shouldSatisfyEventually(String table, String waitFailure) {
        return new ShouldSatisfyEventually(
                "%nExpecting stream table %s to eventually satisfy the assertion, but %s",
                unquotedString(table), unquotedString(waitFailure));
    }
}
