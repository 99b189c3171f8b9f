package dev.pgtrickle.test.harness.operations;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** A run-operation failed; the message names the stream table and carries the server's message. */
@API(status = EXPERIMENTAL, since = "0.1")
public class OperationException extends RuntimeException {

    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
