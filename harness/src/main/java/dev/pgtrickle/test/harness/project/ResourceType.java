package dev.pgtrickle.test.harness.project;

import java.util.Locale;

/** The kinds of dbt nodes, as dbt names them in unique ids and in {@code resource_type:} selectors. */
public enum ResourceType {
    MODEL,
    SEED,
    SOURCE,
    TEST;

    /** The lower-case dbt name: {@code model}, {@code seed}, {@code source}, {@code test}. */
    public String dbtName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
