package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.Profile;
import dev.pgtrickle.test.harness.project.ProjectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * The target a run uses: the {@code profiles.yml} output named {@code name} (or the profile's default target), its
     * schema and database; without a profile, target {@code name} (or {@code default}) in schema {@code public}. The one
     * rule the session, {@code ls} and the TestEngine's discovery share.
     *
     * @param profile the project's profile, if it has one
     * @param name the output the user asked for; empty for the profile's default
     * @param database the database models see as {@code target.database}; empty for the profile's {@code dbname} (or
     *     {@code postgres}) when no database exists yet
     * @throws ProjectException naming the profile's outputs when it has no output {@code name}
     */
    public static Target of(Optional<Profile> profile, Optional<String> name, Optional<String> database) {
        if (profile.isEmpty()) {
            return new Target(
                    name.orElse("default"), "public", database.orElse(defaults().database()));
        }
        Profile chosen = profile.get();
        var output = chosen.target(name)
                .orElseThrow(() -> new ProjectException(
                        "profile '%s' has no output '%s'; its outputs are: %s; choose one of them as the target"
                                .formatted(
                                        chosen.name(),
                                        name.orElse(chosen.defaultTarget()),
                                        String.join(", ", chosen.outputNames())),
                        chosen.file(),
                        0,
                        null));
        Map<String, Object> connection = new LinkedHashMap<>();
        output.host().ifPresent(host -> connection.put("host", host));
        output.port().ifPresent(port -> connection.put("port", port));
        output.user().ifPresent(user -> connection.put("user", user));
        connection.put("threads", output.threads());
        return new Target(
                output.name(),
                output.schema(),
                database.orElse(output.dbname().orElse(defaults().database())),
                connection);
    }

    /** Always {@code postgres}. */
    public String type() {
        return "postgres";
    }
}
