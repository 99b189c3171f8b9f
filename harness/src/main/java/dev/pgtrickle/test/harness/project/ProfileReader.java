package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.jinja.YamlTemplates;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The one reader of dbt's {@code profiles.yml}: the project loader reads the project's profile with it, and the
 * external backend reads the profile named by {@code pgtrickle.external.profiles}. Values are rendered with
 * {@link YamlTemplates} ({@code env_var()}, and {@code var()} of the command-line vars), and, as dbt does, only for the target that is used: an {@code env_var()} without a value in
 * an output nobody selects does not stop anything.
 */
public final class ProfileReader {

    private final YamlFile yaml;
    private final Map<?, ?> profiles;
    private final YamlTemplates templates;

    private ProfileReader(YamlFile yaml, Map<?, ?> profiles, YamlTemplates templates) {
        this.yaml = yaml;
        this.profiles = profiles;
        this.templates = templates;
    }

    /**
     * Parse {@code file}; nothing is rendered yet.
     *
     * @param environment the value of an environment variable, {@code null} when it is unset
     * @throws ProjectException when the file cannot be read, is not YAML, or is not a mapping of profile names
     */
    public static ProfileReader read(Path file, Function<String, String> environment) {
        return read(file, YamlTemplates.envOnly(environment));
    }

    static ProfileReader read(Path file, YamlTemplates templates) {
        YamlFile yaml = YamlFile.read(file);
        if (!(yaml.root() instanceof Map<?, ?> profiles)) {
            throw new ProjectException("profiles.yml must be a mapping of profile names to profiles", file, 1, null);
        }
        return new ProfileReader(yaml, profiles, templates);
    }

    /** The profile names the file has, in file order. */
    public Set<String> profileNames() {
        Set<String> names = new LinkedHashSet<>();
        profiles.keySet().forEach(name -> names.add(String.valueOf(name)));
        return names;
    }

    /**
     * The profile called {@code name}, empty when the file has none; its outputs are rendered when one is asked for.
     *
     * @throws ProjectException when the profile has no {@code outputs:} mapping, an output is not a mapping, or its
     *     {@code target} names no output
     */
    public Optional<Profile> profile(String name) {
        if (!(profiles.get(name) instanceof Map<?, ?> body)) {
            return Optional.empty();
        }
        String defaultTarget = body.get("target") == null ? "default" : String.valueOf(body.get("target"));
        if (!(body.get("outputs") instanceof Map<?, ?> outputs)) {
            throw yaml.error(body, "profile '%s' has no 'outputs:' mapping".formatted(name));
        }
        Set<String> names = new LinkedHashSet<>();
        outputs.forEach((key, value) -> {
            if (!(value instanceof Map<?, ?>)) {
                throw yaml.error(outputs, "output '%s' must be a mapping".formatted(key));
            }
            names.add(String.valueOf(key));
        });
        if (!names.contains(defaultTarget)) {
            throw yaml.error(
                    body,
                    "profile '%s' names target '%s' but its outputs are %s".formatted(name, defaultTarget, names));
        }
        return Optional.of(new Profile(
                name,
                defaultTarget,
                names,
                yaml.file(),
                output -> target(name, output, (Map<?, ?>) outputs.get(output))));
    }

    /** Render one output: every value through {@link YamlTemplates}, then the keys dbt-postgres reads. */
    private ProfileTarget target(String profile, String name, Map<?, ?> output) {
        String where = "profile '%s' target '%s'".formatted(profile, name);
        Map<String, Object> raw = new LinkedHashMap<>();
        output.forEach((key, value) -> {
            try {
                raw.put(String.valueOf(key), templates.render(value));
            } catch (IllegalArgumentException e) {
                throw yaml.error(output, "%s key '%s': %s".formatted(where, key, e.getMessage()));
            }
        });
        OptionalInt port = OptionalInt.empty();
        if (raw.get("port") != null) {
            try {
                port = OptionalInt.of(
                        Integer.parseInt(String.valueOf(raw.get("port")).trim()));
            } catch (NumberFormatException e) {
                throw yaml.error(output, "%s key 'port' is '%s', not a number".formatted(where, raw.get("port")));
            }
        }
        int threads = raw.get("threads") == null
                ? 1
                : Integer.parseInt(String.valueOf(raw.get("threads")).trim());
        return new ProfileTarget(
                name,
                text(raw.get("type")).orElse("postgres"),
                text(raw.get("host")),
                port,
                text(raw.get("user")),
                // dbt-postgres accepts "pass" as an alias of "password".
                text(raw.get("password")).or(() -> text(raw.get("pass"))),
                // ... and "database" as an alias of "dbname".
                text(raw.get("dbname")).or(() -> text(raw.get("database"))),
                text(raw.get("schema")).orElse("public"),
                threads,
                raw);
    }

    private static Optional<String> text(Object value) {
        return Optional.ofNullable(value).map(String::valueOf);
    }
}
