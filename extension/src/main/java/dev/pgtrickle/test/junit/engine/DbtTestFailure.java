package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/** A dbt test found failing rows (severity error): the message shows the first rows and the compiled SQL. */
@API(status = INTERNAL, since = "0.1")
public final class DbtTestFailure extends AssertionFailedError {

    DbtTestFailure(String message) {
        super(message);
    }
}
