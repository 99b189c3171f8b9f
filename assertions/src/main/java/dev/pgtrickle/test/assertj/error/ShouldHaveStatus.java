package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table's status is not the expected one. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveStatus extends BasicErrorMessageFactory {

    private ShouldHaveStatus(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for a status other than {@code expected}. */
    public static ErrorMessageFactory shouldHaveStatus(StreamTableState state, String expected) {
        return new ShouldHaveStatus(
                "%nExpecting stream table %s to have status:%n  %s%nbut had:%n  %s%n%s",
                unquotedString(state.qualifiedName()),
                unquotedString(expected),
                unquotedString(state.status()),
                unquotedString(StateText.of(state)));
    }
}
