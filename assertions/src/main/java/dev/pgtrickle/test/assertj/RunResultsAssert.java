package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.materialize.RunResults;

/** Assertions on {@link RunResults}; see {@link AbstractRunResultsAssert}. */
public class RunResultsAssert extends AbstractRunResultsAssert<RunResultsAssert> {

    /**
     * Assertions on {@code actual}. Public, taking exactly the actual type, so soft assertions can proxy it.
     *
     * @param actual the results of one run
     */
    public RunResultsAssert(RunResults actual) {
        super(actual, RunResultsAssert.class);
    }
}
