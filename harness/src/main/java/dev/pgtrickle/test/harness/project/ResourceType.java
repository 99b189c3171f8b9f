package dev.pgtrickle.test.harness.project;

import java.util.Locale;

/** The kinds of dbt nodes, as dbt names them in unique ids and in {@code resource_type:} selectors. */
public enum ResourceType {
    MODEL,
    SEED,
    SOURCE,
    TEST,
    /** A snapshot: built as a model of materialization {@code snapshot}, with its own unique id. */
    SNAPSHOT,
    /** A dbt unit test ({@code unit_tests:}), dbt's {@code unit_test}. */
    UNIT_TEST;

    /** The type a unique id names ({@code snapshot.p.s} is a snapshot); models by default. */
    public static ResourceType of(String uniqueId) {
        String prefix = uniqueId.substring(0, Math.max(0, uniqueId.indexOf('.')));
        for (ResourceType type : values()) {
            if (type.dbtName().equals(prefix)) {
                return type;
            }
        }
        return MODEL;
    }

    /** The lower-case dbt name: {@code model}, {@code seed}, {@code source}, {@code test}, {@code unit_test}. */
    public String dbtName() {
        // UNIT_TEST is unit_test, as in dbt's unique ids and resource_type: selectors.
        return name().toLowerCase(Locale.ROOT);
    }
}
