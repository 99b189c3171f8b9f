package dev.pgtrickle.test.harness.catalog;

/** Thrown when reading or refreshing a stream table fails in the database; the message names the table and the SQL. */
public class StreamTableException extends RuntimeException {

    StreamTableException(String message, Throwable cause) {
        super(message, cause);
    }

    StreamTableException(String message) {
        super(message);
    }
}
