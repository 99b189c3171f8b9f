package dev.pgtrickle.test.junit.engine;

import org.opentest4j.AssertionFailedError;

/** A dbt test found failing rows (severity error): the message shows the first rows and the compiled SQL. */
public final class DbtTestFailure extends AssertionFailedError {

    DbtTestFailure(String message) {
        super(message);
    }
}
