package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table is not populated ({@code is_populated = false}). */
@API(status = INTERNAL, since = "0.1")
public final class ShouldBePopulated extends BasicErrorMessageFactory {

    private ShouldBePopulated(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for a stream table whose first fill has not happened (or failed). */
    public static ErrorMessageFactory shouldBePopulated(StreamTableState state) {
        return new ShouldBePopulated(
                "%nExpecting stream table %s to be populated, but is_populated is false.%n%s",
                unquotedString(state.qualifiedName()), unquotedString(StateText.of(state)));
    }
}
