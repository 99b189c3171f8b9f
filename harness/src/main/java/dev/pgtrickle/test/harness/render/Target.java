package dev.pgtrickle.test.harness.render;

import java.util.Objects;

/**
 * dbt's {@code target} object as models see it.
 *
 * @param name {@code target.name}, e.g. {@code default} or {@code ci}
 * @param schema {@code target.schema}: the schema models build in when they set none; default {@code public}
 * @param database {@code target.database}
 */
public record Target(String name, String schema, String database) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(database, "database");
    }

    /** {@code default}, schema {@code public}, database {@code postgres}. */
    public static Target defaults() {
        return new Target("default", "public", "postgres");
    }

    /** Always {@code postgres}. */
    public String type() {
        return "postgres";
    }
}
