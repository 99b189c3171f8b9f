package dev.pgtrickle.test.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * The message body of the failures that compare a stream table's rows with a query's rows as a multiset: what was
 * expected, the diff's summary, both sides, the legend and the query. Subclasses are the failure kinds.
 */
abstract class RowsDifferFromQuery extends BasicErrorMessageFactory {

    /**
     * @param expectation what was expected, with {@code %s} where the table's name goes
     * @param expectedLabel the heading of the query's side, e.g. {@code query}
     */
    RowsDifferFromQuery(String expectation, String expectedLabel, String table, String query, RowDiff diff) {
        this(expectation, expectedLabel, table, query, diff, "");
    }

    /** As above, with {@code note} (empty, or one or more lines) after the query. */
    RowsDifferFromQuery(
            String expectation, String expectedLabel, String table, String query, RowDiff diff, String note) {
        super(
                "%nExpecting " + expectation + " (as a multiset), but %s.%nstream table (actual):%n%s%n" + expectedLabel
                        + " (expected):%n%s%n%s%nquery:%n%s%s",
                unquotedString(table),
                unquotedString(diff.summary()),
                unquotedString(diff.actualTable()),
                unquotedString(diff.expectedTable()),
                unquotedString(RowDiff.LEGEND),
                unquotedString(StateText.indent(query.strip())),
                unquotedString(note.isEmpty() ? "" : System.lineSeparator() + note));
    }

    /** Another message of the same failure kind. */
    RowsDifferFromQuery(String format, Object... arguments) {
        super(format, arguments);
    }
}
