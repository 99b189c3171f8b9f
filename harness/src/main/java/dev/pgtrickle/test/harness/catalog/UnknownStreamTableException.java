package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Thrown when a stream table name does not match any row of {@code pgtrickle.pgt_stream_tables}, or several. */
@API(status = STABLE, since = "0.1")
public final class UnknownStreamTableException extends IllegalArgumentException {

    UnknownStreamTableException(String message) {
        super(message);
    }
}
