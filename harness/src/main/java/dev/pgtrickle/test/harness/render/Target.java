package dev.pgtrickle.test.harness.render;

import java.util.Map;
import java.util.Objects;

/**
 * dbt's {@code target} object as models see it.
 *
 * @param name {@code target.name}, e.g. {@code default} or {@code ci}
 * @param schema {@code target.schema}: the schema models build in when they set none; default {@code public}
 * @param database {@code target.database}
 * @param connection {@code target.host}, {@code port}, {@code user} and {@code threads} as the profile's output writes
 *     them (also when the harness really connects elsewhere), for templates that read them; never the password
 */
public record Target(String name, String schema, String database, Map<String, Object> connection) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(database, "database");
        connection = Map.copyOf(connection);
        if (connection.containsKey("password") || connection.containsKey("pass")) {
            throw new IllegalArgumentException("a target never carries the password into templates");
        }
    }

    /** A target without connection values from a profile. */
    public Target(String name, String schema, String database) {
        this(name, schema, database, Map.of());
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
