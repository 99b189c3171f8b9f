package dev.pgtrickle.test.harness.server;

/** A server could not be started or reached; the message says which backend and how to fix it. */
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
