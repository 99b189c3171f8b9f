package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import org.apiguardian.api.API;

/** Assertions on a {@link ModelRunResult}; see {@link AbstractModelRunResultAssert}. */
@API(status = STABLE, since = "0.1")
public class ModelRunResultAssert extends AbstractModelRunResultAssert<ModelRunResultAssert> {

    /**
     * Assertions on {@code actual}. Public, taking exactly the actual type, so soft assertions can proxy it.
     *
     * @param actual one model's run result
     */
    public ModelRunResultAssert(ModelRunResult actual) {
        super(actual, ModelRunResultAssert.class);
    }
}
