package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * A dbt test with failing rows that only warns (severity warn, or below {@code error_if}). It is reported as an
 * aborted test whose reason starts with {@code WARN}: not a pass, and not a failure that breaks the build. Surefire
 * lists it as skipped with that reason.
 */
@API(status = INTERNAL, since = "0.1")
public final class DbtTestWarning extends TestAbortedException {

    DbtTestWarning(String message) {
        super(message);
    }
}
