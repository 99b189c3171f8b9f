package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The outcome of one dbt test.
 *
 * @param test the declared test
 * @param status pass, warn, fail or error
 * @param failures the number of failing rows (0 on error)
 * @param failingRows the first failing rows
 * @param compiledSql the SQL that ran (empty when compilation itself failed)
 * @param elapsed wall time
 * @param errorMessage the compiler's or database's message when {@code status} is {@link DbtTestStatus#ERROR}
 * @param diff a failed unit test's expected and actual rows
 */
@API(status = STABLE, since = "0.1")
public record DbtTestResult(
        DbtTest test,
        DbtTestStatus status,
        long failures,
        FailingRows failingRows,
        String compiledSql,
        Duration elapsed,
        Optional<String> errorMessage,
        Optional<UnitTestDiff> diff) {

    /** The outcome of a generic or singular test. */
    public DbtTestResult(
            DbtTest test,
            DbtTestStatus status,
            long failures,
            FailingRows failingRows,
            String compiledSql,
            Duration elapsed,
            Optional<String> errorMessage) {
        this(test, status, failures, failingRows, compiledSql, elapsed, errorMessage, Optional.empty());
    }

    /** The test's readable name. */
    public String name() {
        return test.name();
    }

    /**
     * What went wrong, for a report: the failure count, the threshold, the first failing rows and the compiled SQL (or
     * the error); {@code "PASS"} for a passing test.
     */
    public String message() {
        return DbtTestMessages.describe(this);
    }
}
