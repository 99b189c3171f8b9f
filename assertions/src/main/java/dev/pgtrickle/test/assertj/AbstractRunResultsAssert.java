package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.error.ShouldHaveModel.shouldHaveModel;
import static dev.pgtrickle.test.assertj.error.ShouldHaveNoFailures.shouldHaveNoFailures;
import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the results of one run.
 *
 * <pre><code class='java'> assertThat(run).hasNoFailures();
 * assertThat(run).model("order_totals").wasCreated();</code></pre>
 *
 * @param <SELF> the concrete assertion type
 */
@API(status = STABLE, since = "0.1")
public abstract class AbstractRunResultsAssert<SELF extends AbstractRunResultsAssert<SELF>>
        extends AbstractAssert<SELF, RunResults> {

    /**
     * For subclasses binding {@code SELF}.
     *
     * @param actual the object under test
     * @param selfType the concrete assertion class
     */
    protected AbstractRunResultsAssert(RunResults actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that no model failed.
     *
     * @return this assertion object
     * @throws AssertionError listing each failed model and its error
     */
    public SELF hasNoFailures() {
        isNotNull();
        if (actual.hasFailures()) {
            throw failureWithActualExpected(
                    actual.failures().stream().map(ModelRunResult::model).toList(),
                    List.of(),
                    "%s",
                    shouldHaveNoFailures(actual).create(info.description(), info.representation()));
        }
        return myself;
    }

    /**
     * Navigates to the result of {@code model}. Inside soft assertions, prefer {@code
     * softly.assertThat(run.result("x"))}: the returned assertion is not itself soft.
     *
     * @param model the model name
     * @return assertions on that model's result
     * @throws AssertionError naming the models that ran, when {@code model} is not among them
     */
    public ModelRunResultAssert model(String model) {
        isNotNull();
        ModelRunResult result = actual.results().stream()
                .filter(r -> r.model().equals(model))
                .findFirst()
                .orElseThrow(() -> failureWithActualExpected(
                        actual.results().stream().map(ModelRunResult::model).toList(),
                        model,
                        "%s",
                        shouldHaveModel(actual, model).create(info.description(), info.representation())));
        return new ModelRunResultAssert(result).as("model " + model);
    }
}
