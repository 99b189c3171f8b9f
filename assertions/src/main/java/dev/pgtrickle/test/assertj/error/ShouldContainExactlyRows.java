package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table does not hold exactly the expected rows. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldContainExactlyRows extends BasicErrorMessageFactory {

    private ShouldContainExactlyRows(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for {@code table}'s rows differing from the expected ones as {@code diff} shows. */
    public static ErrorMessageFactory shouldContainExactlyRows(String table, RowDiff diff) {
        return new ShouldContainExactlyRows(
                "%nExpecting stream table %s to contain exactly these rows in any order (ignoring __pgt_* columns),"
                        + " but %s.%nactual:%n%s%nexpected:%n%s%n%s",
                unquotedString(table),
                unquotedString(diff.summary()),
                unquotedString(diff.actualTable()),
                unquotedString(diff.expectedTable()),
                unquotedString(RowDiff.LEGEND));
    }
}
