package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;

/** Assertions on a {@link ModelRunResult}; see {@link AbstractModelRunResultAssert}. */
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
