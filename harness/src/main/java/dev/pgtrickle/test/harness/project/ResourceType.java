package dev.pgtrickle.test.harness.project;

import java.util.Locale;

/** The kinds of dbt nodes, as dbt names them in unique ids and in {@code resource_type:} selectors. */
public enum ResourceType {
    MODEL,
    SEED,
    SOURCE,
    TEST,
    /** A snapshot: built as a model of materialization {@code snapshot}, with its own unique id. */
    SNAPSHOT;

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

    /** The lower-case dbt name: {@code model}, {@code seed}, {@code source}, {@code test}. */
    public String dbtName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
