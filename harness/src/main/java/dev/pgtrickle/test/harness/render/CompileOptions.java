package dev.pgtrickle.test.harness.render;

import java.util.Map;

/**
 * What rendering depends on besides the project's files.
 *
 * @param target the {@code target} models see
 * @param vars command-line vars ({@code --vars}); they win over {@code dbt_project.yml} vars
 * @param env the environment {@code env_var()} reads
 * @param fullRefresh {@code flags.FULL_REFRESH}
 */
public record CompileOptions(Target target, Map<String, Object> vars, Map<String, String> env, boolean fullRefresh) {

    public CompileOptions {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        env = Map.copyOf(env);
    }

    /** Default target, no vars, the process environment, no full refresh. */
    public static CompileOptions defaults() {
        return new CompileOptions(Target.defaults(), Map.of(), System.getenv(), false);
    }

    /** These options with another target. */
    public CompileOptions withTarget(Target target) {
        return new CompileOptions(target, vars, env, fullRefresh);
    }

    /** These options with command-line vars. */
    public CompileOptions withVars(Map<String, ?> vars) {
        return new CompileOptions(
                target, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars)), env, fullRefresh);
    }

    /** These options with another environment. */
    public CompileOptions withEnv(Map<String, String> env) {
        return new CompileOptions(target, vars, env, fullRefresh);
    }

    /** These options with {@code flags.FULL_REFRESH} set. */
    public CompileOptions withFullRefresh(boolean fullRefresh) {
        return new CompileOptions(target, vars, env, fullRefresh);
    }
}
