package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table has a different number of rows. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveRowCount extends BasicErrorMessageFactory {

    private ShouldHaveRowCount(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for {@code actual} rows where {@code expected} were wanted. */
    public static ErrorMessageFactory shouldHaveRowCount(String table, long actual, long expected) {
        return new ShouldHaveRowCount(
                "%nExpecting stream table %s to have %s rows but had %s.",
                unquotedString(table), unquotedString(Long.toString(expected)), unquotedString(Long.toString(actual)));
    }
}
