package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A run had failing models. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveNoFailures extends BasicErrorMessageFactory {

    private ShouldHaveNoFailures(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure listing each failed model with its error. */
    public static ErrorMessageFactory shouldHaveNoFailures(RunResults results) {
        String failed = results.results().stream()
                .filter(ModelRunResult::failed)
                .map(result -> "  %s: %s"
                        .formatted(result.model(), result.errorMessage().orElse("(no message)")))
                .collect(Collectors.joining(System.lineSeparator()));
        return new ShouldHaveNoFailures(
                "%nExpecting the run to have no failures, but these models failed:%n%s", unquotedString(failed));
    }
}
