package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Thrown when reading or refreshing a stream table fails in the database; the message names the table and the SQL. */
@API(status = STABLE, since = "0.1")
public class StreamTableException extends RuntimeException {

    StreamTableException(String message, Throwable cause) {
        super(message, cause);
    }

    StreamTableException(String message) {
        super(message);
    }
}
