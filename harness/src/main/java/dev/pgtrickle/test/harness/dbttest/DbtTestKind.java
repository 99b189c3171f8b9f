package dev.pgtrickle.test.harness.dbttest;

/** Where a dbt test comes from. */
public enum DbtTestKind {
    /** A built-in or custom generic test attached to a model, seed or source in a property file. */
    GENERIC,
    /** A {@code .sql} file under a test path that selects failing rows. */
    SINGULAR,
    /**
     * A change scenario for a stream table model, declared under its {@code config: meta: pgtrickle_scenarios:}:
     * starting rows, steps that change its inputs, expected rows after each step.
     */
    SCENARIO,
    /** A dbt unit test ({@code unit_tests:}): a model's SQL run on given input rows, compared with expected rows. */
    UNIT
}
