package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.materialize.RunResults;
import org.apiguardian.api.API;

/** Assertions on {@link RunResults}; see {@link AbstractRunResultsAssert}. */
@API(status = STABLE, since = "0.1")
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
