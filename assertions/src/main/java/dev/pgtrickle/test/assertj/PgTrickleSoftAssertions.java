package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions for stream tables and run results: failures are collected and reported together by {@link
 * #assertAll()}. Works with AssertJ's {@code SoftAssertionsExtension} and {@code @InjectSoftAssertions}.
 *
 * <pre><code class='java'> PgTrickleSoftAssertions softly = new PgTrickleSoftAssertions();
 * softly.assertThat(orderTotals).isPopulated().hasRowCount(2);
 * softly.assertThat(run.result("order_totals")).wasUnchanged();
 * softly.assertAll();</code></pre>
 */
@API(status = STABLE, since = "0.1")
public class PgTrickleSoftAssertions extends AbstractSoftAssertions {

    /** Soft assertions with nothing collected yet. */
    public PgTrickleSoftAssertions() {}

    /**
     * Soft assertions on a stream table.
     *
     * @param actual the stream table handle
     * @return the proxied assertion object
     */
    @CheckReturnValue
    public StreamTableAssert assertThat(StreamTable actual) {
        return proxy(StreamTableAssert.class, StreamTable.class, actual);
    }

    /**
     * Soft assertions on the results of a run.
     *
     * @param actual the run's results
     * @return the proxied assertion object
     */
    @CheckReturnValue
    public RunResultsAssert assertThat(RunResults actual) {
        return proxy(RunResultsAssert.class, RunResults.class, actual);
    }

    /**
     * Soft assertions on what a run did to one model.
     *
     * @param actual one model's result
     * @return the proxied assertion object
     */
    @CheckReturnValue
    public ModelRunResultAssert assertThat(ModelRunResult actual) {
        return proxy(ModelRunResultAssert.class, ModelRunResult.class, actual);
    }
}
