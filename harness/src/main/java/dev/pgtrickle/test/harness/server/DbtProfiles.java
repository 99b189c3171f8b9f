package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one target of a dbt {@code profiles.yml} as connection settings.
 *
 * <p>Values are rendered the way dbt renders profiles, limited to what profiles use in practice:
 * {@code {{ env_var('NAME') }}} and {@code {{ env_var('NAME', 'default') }}}, optionally piped through
 * {@code as_number}, {@code as_text}, {@code as_bool}, {@code as_native} or {@code int} (which only matter for the YAML
 * type, so they leave the text as it is). Any other template expression is an error naming the file and key, rather
 * than a silently wrong connection.
 */
final class DbtProfiles {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern ENV_VAR =
            Pattern.compile("\\s*env_var\\(\\s*(['\"])([^'\"]+)\\1\\s*(?:,\\s*(['\"])(.*?)\\3\\s*)?\\)"
                    + "\\s*(?:\\|\\s*(?:as_number|as_text|as_bool|as_native|int|string)\\s*)*");

    private DbtProfiles() {}

    /** The connection of {@code profile}'s {@code target} (its default target when {@code target} is null). */
    static ExternalConnection read(Path file, String profile, String target, SettingSource environment) {
        Map<?, ?> profiles = load(file);
        Map<?, ?> profileMap = map(profiles.get(profile), file, "profile '%s'".formatted(profile), profiles.keySet());
        String targetName = target;
        if (targetName == null || targetName.isBlank()) {
            targetName = required(profileMap, "target", file, "profile '%s'".formatted(profile), environment);
        }
        Map<?, ?> outputs = map(profileMap.get("outputs"), file, "profile '%s' key 'outputs'".formatted(profile), null);
        String where = "profile '%s' target '%s'".formatted(profile, targetName);
        Map<?, ?> output = map(outputs.get(targetName), file, where, outputs.keySet());
        String type = optional(output, "type", file, where, environment).orElse("postgres");
        if (!type.equals("postgres")) {
            throw new IllegalArgumentException(
                    "%s: %s has type '%s'; pgtrickle-test connects to PostgreSQL only (type: postgres)"
                            .formatted(file, where, type));
        }
        String host = required(output, "host", file, where, environment);
        String portText = optional(output, "port", file, where, environment).orElse("5432");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "%s: %s key 'port' is '%s', not a number".formatted(file, where, portText), e);
        }
        String user = required(output, "user", file, where, environment);
        String password = optional(output, "password", file, where, environment)
                .or(() -> optional(output, "pass", file, where, environment))
                .orElse("");
        String database = optional(output, "dbname", file, where, environment)
                .or(() -> optional(output, "database", file, where, environment))
                .orElseThrow(() -> new IllegalArgumentException(
                        "%s: %s has no 'dbname' (or 'database'); add the database to connect to"
                                .formatted(file, where)));
        return new ExternalConnection(host, port, user, password, database, false);
    }

    private static Map<?, ?> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "%s: no such profiles file; point %s at your profiles.yml (dbt's default is ~/.dbt/profiles.yml)"
                            .formatted(file, ExternalConnection.PROFILES_KEY));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (document instanceof Map<?, ?> map) {
                return map;
            }
            throw new IllegalArgumentException("%s: expected a mapping of profile names at the top".formatted(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("%s: cannot read the profiles file: %s".formatted(file, e), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("%s: not valid YAML: %s".formatted(file, e.getMessage()), e);
        }
    }

    private static Map<?, ?> map(Object value, Path file, String what, Collection<?> available) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        if (value == null) {
            throw new IllegalArgumentException(
                    "%s: no %s%s".formatted(file, what, available == null ? "" : "; the file has " + available));
        }
        throw new IllegalArgumentException("%s: %s should be a mapping, not '%s'".formatted(file, what, value));
    }

    private static String required(Map<?, ?> map, String key, Path file, String where, SettingSource environment) {
        return optional(map, key, file, where, environment)
                .orElseThrow(
                        () -> new IllegalArgumentException("%s: %s has no '%s'; add it".formatted(file, where, key)));
    }

    private static Optional<String> optional(
            Map<?, ?> map, String key, Path file, String where, SettingSource environment) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(render(String.valueOf(value), file, "%s key '%s'".formatted(where, key), environment));
    }

    /** Render the {@code {{ env_var(...) }}} expressions in one value. */
    static String render(String value, Path file, String where, SettingSource environment) {
        Matcher expressions = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (expressions.find()) {
            Matcher envVar = ENV_VAR.matcher(expressions.group(1));
            if (!envVar.matches()) {
                throw new IllegalArgumentException(
                        "%s: %s: unsupported template '%s'; profiles here may use {{ env_var('NAME', 'default') }}"
                                        .formatted(file, where, expressions.group())
                                + " with | as_number / as_text / as_bool");
            }
            String name = envVar.group(2);
            String fallback = envVar.group(4);
            String resolved = environment
                    .get(name)
                    .or(() -> Optional.ofNullable(fallback))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "%s: %s: environment variable %s is not set and env_var() gives no default; set it or add"
                                            .formatted(file, where, name)
                                    + " a default: env_var('%s', '...')".formatted(name)));
            expressions.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        expressions.appendTail(out);
        return out.toString().strip();
    }
}
