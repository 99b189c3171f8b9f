package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** A run has no result for the model asked about. */
@API(status = INTERNAL, since = "0.1")
public final class ShouldHaveModel extends BasicErrorMessageFactory {

    private ShouldHaveModel(String format, Object... arguments) {
        super(format, arguments);
    }

    /** The failure naming the missing model and the models the run did build. */
    public static ErrorMessageFactory shouldHaveModel(RunResults results, String model) {
        return new ShouldHaveModel(
                "%nExpecting the run to have a result for model:%n  %s%nbut it only ran:%n  %s",
                unquotedString(model),
                unquotedString(
                        results.results().stream().map(ModelRunResult::model).collect(Collectors.joining(", "))));
    }
}
