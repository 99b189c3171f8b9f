package dev.pgtrickle.test.junit.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * A dbt test found failing rows (severity error): the message shows the first rows and the compiled SQL. A failed unit
 * test also carries its expected and actual rows (the row diff's two tables), which IDEs show side by side.
 */
@API(status = INTERNAL, since = "0.1")
public final class DbtTestFailure extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    DbtTestFailure(String message) {
        super(message);
    }

    DbtTestFailure(String message, String expected, String actual) {
        super(message, expected, actual);
    }

    /** The failure of {@code result} (a failed data test or unit test). */
    static DbtTestFailure of(DbtTestResult result) {
        return result.diff()
                .map(diff -> new DbtTestFailure(result.message(), diff.expected(), diff.actual()))
                .orElseGet(() -> new DbtTestFailure(result.message()));
    }
}
