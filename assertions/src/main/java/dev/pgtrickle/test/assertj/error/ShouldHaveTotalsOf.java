package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/** Columns of a stream table differ from a grouped aggregate computed from its sources. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveTotalsOf extends RowsDifferFromQuery {

    private ShouldHaveTotalsOf(String table, String query, RowDiff diff) {
        super("the columns of stream table %s to equal the rows of the query below", "query", table, query, diff);
    }

    /** The failure for {@code table}'s columns differing from the rows of {@code query} as {@code diff} shows. */
    public static ErrorMessageFactory shouldHaveTotalsOf(String table, String query, RowDiff diff) {
        return new ShouldHaveTotalsOf(table, query, diff);
    }
}
