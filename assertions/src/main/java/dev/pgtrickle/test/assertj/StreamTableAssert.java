package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import org.apiguardian.api.API;

/** Assertions on a {@link StreamTable}; see {@link AbstractStreamTableAssert}. */
@API(status = STABLE, since = "0.1")
public class StreamTableAssert extends AbstractStreamTableAssert<StreamTableAssert> {

    /**
     * Assertions on {@code actual}. Public, taking exactly the actual type, so soft assertions can proxy it.
     *
     * @param actual the stream table
     */
    public StreamTableAssert(StreamTable actual) {
        super(actual, StreamTableAssert.class);
    }
}
