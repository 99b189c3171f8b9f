package dev.pgtrickle.test.harness.operations;

/** A run-operation failed; the message names the stream table and carries the server's message. */
public class OperationException extends RuntimeException {

    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
