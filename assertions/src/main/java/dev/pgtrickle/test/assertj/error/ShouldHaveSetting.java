package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A stream table's setting (refresh mode, schedule) differs from the expected one. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveSetting extends BasicErrorMessageFactory {

    private ShouldHaveSetting(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure for a refresh mode other than {@code expected}. */
    public static ErrorMessageFactory shouldHaveRefreshMode(StreamTableState state, String expected) {
        return shouldHave(state, "refresh mode", expected, state.refreshMode());
    }

    /** The failure for a schedule other than {@code expected} ({@code CALCULATED} for none). */
    public static ErrorMessageFactory shouldHaveSchedule(StreamTableState state, String expected) {
        return shouldHave(state, "schedule", expected, state.schedule().orElse("CALCULATED"));
    }

    private static ErrorMessageFactory shouldHave(
            StreamTableState state, String setting, String expected, String actual) {
        return new ShouldHaveSetting(
                "%nExpecting stream table %s to have %s:%n  %s%nbut had:%n  %s",
                unquotedString(state.qualifiedName()),
                unquotedString(setting),
                unquotedString(expected),
                unquotedString(actual));
    }
}
