package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;

/**
 * Entry point of the pg_trickle assertions. Import it statically next to (or instead of) AssertJ's {@code
 * Assertions}; the overloads do not clash.
 *
 * <pre><code class='java'> import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
 *
 * assertThat(run).model("order_totals").wasCreated();
 * assertThat(orderTotals).isPopulated().isActive().hasNoConsecutiveErrors().matchesDefiningQuery();
 * assertThat(orderTotals).eventually().hasSum("total_amount", "47.50");</code></pre>
 *
 * <p>For soft assertions use {@link PgTrickleSoftAssertions}.
 */
@API(status = STABLE, since = "0.1")
@CheckReturnValue
public class PgTrickleAssertions {

    /** Subclasses may add entry points of their own. */
    protected PgTrickleAssertions() {}

    /**
     * Assertions on a stream table.
     *
     * @param actual the stream table handle
     * @return the assertion object
     */
    public static StreamTableAssert assertThat(StreamTable actual) {
        return new StreamTableAssert(actual);
    }

    /**
     * Assertions on the results of a run.
     *
     * @param actual the run's results
     * @return the assertion object
     */
    public static RunResultsAssert assertThat(RunResults actual) {
        return new RunResultsAssert(actual);
    }

    /**
     * Assertions on what a run did to one model.
     *
     * @param actual one model's result
     * @return the assertion object
     */
    public static ModelRunResultAssert assertThat(ModelRunResult actual) {
        return new ModelRunResultAssert(actual);
    }
}
