package dev.pgtrickle.test.harness.server;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** A server could not be started or reached; the message says which backend and how to fix it. */
@API(status = EXPERIMENTAL, since = "0.1")
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
