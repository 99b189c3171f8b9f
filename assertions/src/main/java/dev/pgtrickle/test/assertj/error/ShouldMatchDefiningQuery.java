package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table differs from a fresh evaluation of its defining query: incremental maintenance went wrong. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldMatchDefiningQuery extends RowsDifferFromQuery {

    private ShouldMatchDefiningQuery(String format, Object... arguments) {
        super(format, arguments);
    }

    private ShouldMatchDefiningQuery(String table, String query, RowDiff diff) {
        super(
                "stream table %s to equal a fresh evaluation of its defining query",
                "defining query", table, query, diff);
    }

    /** The failure for {@code table} differing from {@code query}'s result as {@code diff} shows. */
    public static ErrorMessageFactory shouldMatchDefiningQuery(String table, String query, RowDiff diff) {
        return new ShouldMatchDefiningQuery(table, query, diff);
    }

    /**
     * The failure for a stream table whose columns are not the ones its query returns now (for example a source column
     * was renamed and the table was not recreated).
     */
    public static ErrorMessageFactory shouldHaveDefiningQueryColumns(
            String table, String query, List<String> tableColumns, List<String> queryColumns) {
        return new ShouldMatchDefiningQuery(
                "%nExpecting stream table %s to equal a fresh evaluation of its defining query (as a multiset),"
                        + " but their columns differ.%nstream table columns:%n  %s%ndefining query columns:%n  %s%nquery:%n%s",
                unquotedString(table),
                unquotedString(String.join(", ", tableColumns)),
                unquotedString(String.join(", ", queryColumns)),
                unquotedString(StateText.indent(query.strip())));
    }
}
