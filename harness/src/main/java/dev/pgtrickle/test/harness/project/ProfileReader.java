package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the project's profile from a {@code profiles.yml}, rendering {@code env_var()} in its values. */
final class ProfileReader {

    private final EnvTemplates templates;

    ProfileReader(EnvTemplates templates) {
        this.templates = templates;
    }

    Optional<Profile> read(Path file, Optional<String> profileName) {
        YamlFile yaml = YamlFile.read(file);
        if (!(yaml.root() instanceof Map<?, ?> profiles)) {
            throw new ProjectException("profiles.yml must be a mapping of profile names to profiles", file, 1, null);
        }
        if (profileName.isEmpty()) {
            return Optional.empty();
        }
        String name = profileName.get();
        Object profile = profiles.get(name);
        if (!(profile instanceof Map<?, ?> body)) {
            throw new ProjectException(
                    "no profile '%s' (the 'profile' of dbt_project.yml); it has: %s. Rename one or fix 'profile:'"
                            .formatted(name, profiles.keySet()),
                    file,
                    0,
                    null);
        }
        String defaultTarget = body.get("target") == null ? "default" : String.valueOf(body.get("target"));
        if (!(body.get("outputs") instanceof Map<?, ?> outputs)) {
            throw yaml.error(body, "profile '%s' has no 'outputs:' mapping".formatted(name));
        }
        Map<String, ProfileTarget> targets = new LinkedHashMap<>();
        outputs.forEach((key, value) -> {
            String outputName = String.valueOf(key);
            if (!(value instanceof Map<?, ?> output)) {
                throw yaml.error(outputs, "output '%s' must be a mapping".formatted(outputName));
            }
            targets.put(outputName, target(yaml, outputName, output));
        });
        if (!targets.containsKey(defaultTarget)) {
            throw yaml.error(
                    body,
                    "profile '%s' names target '%s' but its outputs are %s"
                            .formatted(name, defaultTarget, targets.keySet()));
        }
        return Optional.of(new Profile(name, defaultTarget, targets, file));
    }

    private ProfileTarget target(YamlFile yaml, String name, Map<?, ?> output) {
        Map<String, Object> raw = new LinkedHashMap<>();
        output.forEach((key, value) -> {
            try {
                raw.put(String.valueOf(key), templates.render(value));
            } catch (IllegalArgumentException e) {
                throw yaml.error(output, "output '%s', key '%s': %s".formatted(name, key, e.getMessage()));
            }
        });
        OptionalInt port = OptionalInt.empty();
        if (raw.get("port") != null) {
            try {
                port = OptionalInt.of(
                        Integer.parseInt(String.valueOf(raw.get("port")).trim()));
            } catch (NumberFormatException e) {
                throw yaml.error(output, "output '%s': port '%s' is not a number".formatted(name, raw.get("port")));
            }
        }
        Object dbname = raw.get("dbname") != null ? raw.get("dbname") : raw.get("database");
        int threads = raw.get("threads") == null
                ? 1
                : Integer.parseInt(String.valueOf(raw.get("threads")).trim());
        return new ProfileTarget(
                name,
                text(raw.get("type")).orElse("postgres"),
                text(raw.get("host")),
                port,
                text(raw.get("user")),
                text(raw.get("password")),
                text(dbname),
                text(raw.get("schema")).orElse("public"),
                threads,
                raw);
    }

    private static Optional<String> text(Object value) {
        return Optional.ofNullable(value).map(String::valueOf);
    }
}
