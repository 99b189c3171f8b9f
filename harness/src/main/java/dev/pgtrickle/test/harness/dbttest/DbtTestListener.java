package dev.pgtrickle.test.harness.dbttest;

/** Told about each dbt test as it starts and finishes (progress output, JUnit reporting). */
public interface DbtTestListener {

    /** Does nothing. */
    DbtTestListener NONE = new DbtTestListener() {};

    /** {@code test} is about to run. */
    default void started(DbtTest test) {}

    /** {@code result} is the outcome of a test that started. */
    default void finished(DbtTestResult result) {}
}
