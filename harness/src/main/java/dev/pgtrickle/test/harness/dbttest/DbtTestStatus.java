package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The outcome of one dbt test, as dbt reports it. */
@API(status = STABLE, since = "0.1")
public enum DbtTestStatus {
    /** No failing rows above the thresholds. */
    PASS,
    /** Failing rows met {@code warn_if} but the test does not fail (severity warn, or below {@code error_if}). */
    WARN,
    /** Failing rows met {@code error_if} with severity error. */
    FAIL,
    /** The test's SQL could not be compiled or run; the result carries the message. */
    ERROR;

    /** Whether this outcome fails a run. */
    public boolean failsRun() {
        return this == FAIL || this == ERROR;
    }
}
