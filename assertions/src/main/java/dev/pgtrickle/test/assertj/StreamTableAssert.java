package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.catalog.StreamTable;

/** Assertions on a {@link StreamTable}; see {@link AbstractStreamTableAssert}. */
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
