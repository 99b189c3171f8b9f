package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** A seed, model or dbt test could not be built or run at all; the message carries the database's or loader's text. */
@API(status = INTERNAL, since = "0.1")
public final class DbtBuildError extends RuntimeException {

    DbtBuildError(String message) {
        super(message);
    }

    DbtBuildError(String message, Throwable cause) {
        super(message, cause);
    }
}
