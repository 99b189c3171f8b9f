package dev.pgtrickle.test.harness.seed;

/** What loading a seed did to its table. */
public enum SeedAction {
    /** The table did not exist and was created. */
    CREATED,
    /** Full refresh: the existing table was dropped (with {@code CASCADE}, as dbt does) and created again. */
    RECREATED,
    /** The table existed with the same columns; it was truncated and loaded again. */
    RELOADED
}
