package dev.pgtrickle.test.harness.project;

import java.util.Map;

/**
 * What loading a project may depend on besides its files.
 *
 * @param env the environment {@code env_var()} reads in {@code profiles.yml} and {@code dbt_project.yml} (the
 *     process environment by default; tests pass their own map)
 */
public record LoadOptions(Map<String, String> env) {

    public LoadOptions {
        env = Map.copyOf(env);
    }

    /** The process environment. */
    public static LoadOptions defaults() {
        return new LoadOptions(System.getenv());
    }

    /** These options with {@code env} as the environment. */
    public LoadOptions withEnv(Map<String, String> env) {
        return new LoadOptions(env);
    }
}
