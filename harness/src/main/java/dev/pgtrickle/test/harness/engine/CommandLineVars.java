package dev.pgtrickle.test.harness.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** dbt's {@code --vars} text: a YAML (or JSON, which is YAML) mapping, as the command line and the engine take it. */
public final class CommandLineVars {

    private CommandLineVars() {}

    /**
     * The vars {@code text} holds; blank text is no vars.
     *
     * @throws IllegalArgumentException saying what is wrong and how to write it; callers put where the text came from
     *     in front
     */
    public static Map<String, Object> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(
                    "not valid YAML or JSON (%s); write a map, e.g. '{key: value}'"
                            .formatted(e.getMessage()
                                    .lines()
                                    .findFirst()
                                    .orElse("")
                                    .strip()),
                    e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    "must be a map, e.g. '{start_date: 2026-01-01}' or '{\"key\": \"value\"}'");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        map.forEach((key, value) -> vars.put(String.valueOf(key), value));
        return vars;
    }
}
