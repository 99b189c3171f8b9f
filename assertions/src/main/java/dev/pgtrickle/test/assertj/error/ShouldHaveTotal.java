package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.Row;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** An aggregate (sum, count, min, max) over a stream table column has a different value. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveTotal extends BasicErrorMessageFactory {

    private ShouldHaveTotal(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * The failure for {@code function(column)} over {@code table} being {@code actual} instead of {@code expected}.
     * Values are shown normalised ({@code 30.50} as {@code 30.5}, no value as {@code NULL}).
     */
    public static ErrorMessageFactory shouldHaveTotal(
            String table, String function, String column, Object actual, Object expected) {
        return new ShouldHaveTotal(
                "%nExpecting %s(%s) over stream table %s to be:%n  %s%nbut was:%n  %s",
                unquotedString(function),
                unquotedString(column),
                unquotedString(table),
                unquotedString(Row.display(Row.normalise(expected))),
                unquotedString(Row.display(Row.normalise(actual))));
    }
}
