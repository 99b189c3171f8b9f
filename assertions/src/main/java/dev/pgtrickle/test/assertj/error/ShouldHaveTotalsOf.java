package dev.pgtrickle.test.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Columns of a stream table differ from a grouped aggregate computed from its sources. */
public final class ShouldHaveTotalsOf extends BasicErrorMessageFactory {

    private ShouldHaveTotalsOf(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for {@code table}'s columns differing from the rows of {@code query} as {@code diff} shows. */
    public static ErrorMessageFactory shouldHaveTotalsOf(String table, String query, RowDiff diff) {
        return new ShouldHaveTotalsOf(
                "%nExpecting the columns of stream table %s to equal the rows of the query below (as a multiset),"
                        + " but %s.%nstream table (actual):%n%s%nquery (expected):%n%s%n%s%nquery:%n%s",
                unquotedString(table),
                unquotedString(diff.summary()),
                unquotedString(diff.actualTable()),
                unquotedString(diff.expectedTable()),
                unquotedString(RowDiff.LEGEND),
                unquotedString(StateText.indent(query.strip())));
    }
}
