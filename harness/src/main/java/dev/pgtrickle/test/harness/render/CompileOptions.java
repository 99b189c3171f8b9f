package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.MacroFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What rendering depends on besides the project's files.
 *
 * @param target the {@code target} models see
 * @param vars command-line vars ({@code --vars}); they win over {@code dbt_project.yml} vars
 * @param env the environment {@code env_var()} reads
 * @param fullRefresh {@code flags.FULL_REFRESH}
 * @param builtinMacros macro files the harness provides (e.g. dbt's and dbt-pgtrickle's generic tests); loaded
 *     before the project's macros, so a project macro of the same name wins, and callable through the
 *     {@code dbt_pgtrickle.} namespace ({@code dbt_pgtrickle.x} resolves to built-in {@code x} or {@code test_x})
 * @param modelConfigOverrides per model name, configuration applied after every layer of the project, the model's
 *     own {@code config()} call included (e.g. a test changing the {@code schedule} a model sets in its SQL); a name
 *     that is not a model of the project is an error
 * @param which the dbt command the compile is for, as {@code flags.WHICH} shows it ({@code run}, {@code build},
 *     {@code seed}, {@code test}, {@code ls}, ...)
 */
public record CompileOptions(
        Target target,
        Map<String, Object> vars,
        Map<String, String> env,
        boolean fullRefresh,
        List<MacroFile> builtinMacros,
        Map<String, Map<String, Object>> modelConfigOverrides,
        String which) {

    public CompileOptions {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        env = Map.copyOf(env);
        builtinMacros = List.copyOf(builtinMacros);
        Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
        modelConfigOverrides.forEach(
                (model, config) -> overrides.put(model, Collections.unmodifiableMap(new LinkedHashMap<>(config))));
        modelConfigOverrides = Collections.unmodifiableMap(overrides);
        Objects.requireNonNull(which, "which");
    }

    /** Options for {@code dbt run}. */
    public CompileOptions(
            Target target,
            Map<String, Object> vars,
            Map<String, String> env,
            boolean fullRefresh,
            List<MacroFile> builtinMacros,
            Map<String, Map<String, Object>> modelConfigOverrides) {
        this(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, "run");
    }

    /** Options without model configuration overrides. */
    public CompileOptions(
            Target target,
            Map<String, Object> vars,
            Map<String, String> env,
            boolean fullRefresh,
            List<MacroFile> builtinMacros) {
        this(target, vars, env, fullRefresh, builtinMacros, Map.of());
    }

    /** Options without built-in macros or overrides. */
    public CompileOptions(Target target, Map<String, Object> vars, Map<String, String> env, boolean fullRefresh) {
        this(target, vars, env, fullRefresh, List.of(), Map.of());
    }

    /** Default target, no vars, the process environment, no full refresh, no built-in macros, no overrides. */
    public static CompileOptions defaults() {
        return new CompileOptions(Target.defaults(), Map.of(), System.getenv(), false, List.of(), Map.of());
    }

    /** These options with another target. */
    public CompileOptions withTarget(Target target) {
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, which);
    }

    /** These options with command-line vars. */
    public CompileOptions withVars(Map<String, ?> vars) {
        return new CompileOptions(
                target,
                Collections.unmodifiableMap(new LinkedHashMap<>(vars)),
                env,
                fullRefresh,
                builtinMacros,
                modelConfigOverrides,
                which);
    }

    /** These options with another environment. */
    public CompileOptions withEnv(Map<String, String> env) {
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, which);
    }

    /** These options with {@code flags.FULL_REFRESH} set. */
    public CompileOptions withFullRefresh(boolean fullRefresh) {
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, which);
    }

    /** These options with built-in macro files. */
    public CompileOptions withBuiltinMacros(List<MacroFile> builtinMacros) {
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, which);
    }

    /** These options with configuration overrides per model name, replacing any given before. */
    public CompileOptions withModelConfigOverrides(Map<String, ? extends Map<String, ?>> overrides) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        overrides.forEach((model, config) -> copy.put(model, new LinkedHashMap<>(config)));
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, copy, which);
    }

    /** These options for the dbt command {@code which} ({@code flags.WHICH}). */
    public CompileOptions withWhich(String which) {
        return new CompileOptions(target, vars, env, fullRefresh, builtinMacros, modelConfigOverrides, which);
    }
}
