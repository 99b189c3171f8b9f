package dev.pgtrickle.test.harness.dbttest;

/** Where a dbt test comes from. */
public enum DbtTestKind {
    /** A built-in or custom generic test attached to a model, seed or source in a property file. */
    GENERIC,
    /** A {@code .sql} file under a test path that selects failing rows. */
    SINGULAR
}
