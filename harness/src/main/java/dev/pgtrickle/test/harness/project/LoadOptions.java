package dev.pgtrickle.test.harness.project;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What loading a project may depend on besides its files.
 *
 * @param env the environment {@code env_var()} reads in {@code profiles.yml}, {@code dbt_project.yml} and property
 *     files (the process environment by default; tests pass their own map)
 * @param vars the command-line vars: what {@code var()} finds in {@code dbt_project.yml} (and, before the project's
 *     own vars, in property files)
 * @param target the profile output the run uses, for {@code target.*} in those files; empty for the profile's default
 */
public record LoadOptions(Map<String, String> env, Map<String, Object> vars, Optional<String> target) {

    public LoadOptions {
        env = Map.copyOf(env);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /** Options with {@code env} as the environment, no command-line vars and the profile's default target. */
    public LoadOptions(Map<String, String> env) {
        this(env, Map.of(), Optional.empty());
    }

    /** The process environment. */
    public static LoadOptions defaults() {
        return new LoadOptions(System.getenv());
    }

    /** These options with {@code env} as the environment. */
    public LoadOptions withEnv(Map<String, String> env) {
        return new LoadOptions(env, vars, target);
    }

    /** These options with command-line vars and the target the run uses. */
    public LoadOptions withVarsAndTarget(Map<String, ?> vars, Optional<String> target) {
        return new LoadOptions(env, new LinkedHashMap<>(vars), target);
    }
}
