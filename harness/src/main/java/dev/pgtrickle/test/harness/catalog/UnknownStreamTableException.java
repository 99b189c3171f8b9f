package dev.pgtrickle.test.harness.catalog;

/** Thrown when a stream table name does not match any row of {@code pgtrickle.pgt_stream_tables}, or several. */
public final class UnknownStreamTableException extends IllegalArgumentException {

    UnknownStreamTableException(String message) {
        super(message);
    }
}
