package dev.pgtrickle.test.junit.engine;

/** A seed, model or dbt test could not be built or run at all; the message carries the database's or loader's text. */
public final class DbtBuildError extends RuntimeException {

    DbtBuildError(String message) {
        super(message);
    }

    DbtBuildError(String message, Throwable cause) {
        super(message, cause);
    }
}
