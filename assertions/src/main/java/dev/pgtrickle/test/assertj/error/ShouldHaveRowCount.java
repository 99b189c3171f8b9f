package dev.pgtrickle.test.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table has a different number of rows. */
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
