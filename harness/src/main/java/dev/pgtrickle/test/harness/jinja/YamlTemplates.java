package dev.pgtrickle.test.harness.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Renders the Jinja dbt allows in YAML values: {@code dbt_project.yml} (with {@code env_var()}, {@code var()} of the
 * command-line vars and {@code target}), {@code profiles.yml} and property files (with the project's vars too). A value
 * that is one expression keeps its type, as dbt's native rendering does ({@code "{{ var('on', false) }}"} is the
 * boolean false); anything else renders to text. An undefined name or function is an error, never empty text.
 */
public final class YamlTemplates {

    private static final Pattern SINGLE_EXPRESSION =
            Pattern.compile("\\s*\\{\\{-?(?<expression>.*?)-?}}\\s*", Pattern.DOTALL);

    private Jinjava jinjava;
    private final Function<String, String> env;
    private final Map<String, Object> vars;
    private final Map<String, Object> target;

    /**
     * @param env the environment {@code env_var()} reads (null for an unset variable)
     * @param vars what {@code var()} finds: in {@code dbt_project.yml} only the command-line vars, as in dbt
     * @param target {@code target}: the selected output's values (never the password); empty without a profile
     */
    public YamlTemplates(Function<String, String> env, Map<String, ?> vars, Map<String, ?> target) {
        this.env = env;
        this.vars = new LinkedHashMap<>(vars);
        this.target = new LinkedHashMap<>(target);
    }

    /**
     * The jinjava instance, made on the first value that holds Jinja: a project loads several of these renderers and
     * most YAML values are plain, so most never need one.
     */
    private Jinjava jinjava() {
        if (jinjava == null) {
            @SuppressWarnings("deprecation") // withWhitespaceRequiredWithinTokens: the only switch that honours {{-
            JinjavaConfig config = JinjavaConfig.newBuilder()
                    .withLegacyOverrides(LegacyOverrides.Builder.from(LegacyOverrides.ALL)
                            .withWhitespaceRequiredWithinTokens(false)
                            .build())
                    .withNestedInterpretationEnabled(false)
                    .withFailOnUnknownTokens(true)
                    .build();
            jinjava = new Jinjava(config);
            Context global = jinjava.getGlobalContext();
            DbtFilters.all().forEach(global::registerFilter);
            global.registerFilter(new StrictInt());
            global.addGlobalMacro(new Function0("env_var", args -> recorded(() -> envVar(args))));
            global.addGlobalMacro(new Function0("var", args -> recorded(() -> variable(args))));
        }
        return jinjava;
    }

    /** Only the environment: for files rendered before any target exists. */
    public static YamlTemplates envOnly(Function<String, String> env) {
        return new YamlTemplates(env, Map.of(), Map.of());
    }

    /** The same renderer with {@code vars} as what {@code var()} finds (a property file sees the project's vars). */
    public YamlTemplates withVars(Map<String, ?> vars) {
        return new YamlTemplates(env, vars, target);
    }

    /**
     * Renders {@code value} when it is text holding Jinja, and the items of a list or mapping; other values are
     * returned as they are.
     *
     * @throws IllegalArgumentException with a message to prefix with the file, line and key
     */
    @SuppressWarnings("deprecation") // setThrowInterpreterErrors: the strategy replacing it needs Immutables
    public Object render(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(this::render).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, entry) -> rendered.put(key, render(entry)));
            return rendered;
        }
        if (!(value instanceof String text) || !(text.contains("{{") || text.contains("{%"))) {
            return value;
        }
        Jinjava engine = jinjava();
        Context context = new Context(engine.getGlobalContext());
        context.put("target", target);
        context.setThrowInterpreterErrors(true);
        failure = null;
        JinjavaInterpreter interpreter = new JinjavaInterpreter(engine, context, engine.getGlobalConfig());
        var single = SINGLE_EXPRESSION.matcher(text);
        boolean oneExpression = single.matches() && !single.group("expression").contains("}}");
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            Object result = oneExpression
                    ? interpreter.resolveELExpression(single.group("expression"), 1)
                    : interpreter.render(text);
            Optional<TemplateError> error = interpreter.getErrorsCopy().stream()
                    .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                    .findFirst();
            if (failure != null) {
                throw failure;
            }
            if (error.isPresent()) {
                throw new IllegalArgumentException(
                        "cannot render '%s': %s".formatted(text, error.get().getMessage()));
            }
            return result;
        } catch (InterpretException e) {
            // jinjava replaces a function's exception with its own; the function's message says more.
            throw failure != null
                    ? failure
                    : new IllegalArgumentException("cannot render '%s': %s".formatted(text, e.getMessage()), e);
        }
    }

    /** The first error a function raised in the current render (jinjava hides it behind its own). */
    private IllegalArgumentException failure;

    private Object recorded(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    private Object envVar(List<Object> args) {
        String name = String.valueOf(args.get(0));
        String value = env.apply(name);
        if (value != null) {
            return value;
        }
        if (args.size() > 1) {
            return args.get(1);
        }
        throw new IllegalArgumentException(
                "environment variable %s is not set and env_var() gives no default; set it or add a default: env_var('%s', '...')"
                        .formatted(name, name));
    }

    private Object variable(List<Object> args) {
        String name = String.valueOf(args.get(0));
        if (vars.containsKey(name)) {
            return vars.get(name);
        }
        if (args.size() > 1) {
            return args.get(1);
        }
        throw new IllegalArgumentException(
                "var('%s') is not defined here: pass it as a command-line var or give var() a default (dbt_project.yml sees only command-line vars)"
                        .formatted(name));
    }

    /**
     * {@code int} that refuses text that is not a number: Jinja2's gives 0, which in a port or thread count is a
     * setting nobody wrote.
     */
    private final class StrictInt implements com.hubspot.jinjava.lib.filter.Filter {

        @Override
        public String getName() {
            return "int";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return recorded(
                    () -> ((Number) (var instanceof Number ? var : DbtFilters.asNumber(var, "int"))).longValue());
        }
    }

    /** A function with positional arguments ({@code default=} given by keyword counts as the second). */
    private static final class Function0 extends MacroFunction {

        private final transient Function<List<Object>, Object> body;

        Function0(String name, Function<List<Object>, Object> body) {
            super(List.of(), name, new LinkedHashMap<>(), false, null, 0, 0);
            this.body = body;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            List<Object> args = new java.util.ArrayList<>(varArgs);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("%s() needs a name".formatted(getName()));
            }
            if (kwargMap.containsKey("default") && args.size() == 1) {
                args.add(kwargMap.get("default"));
            }
            return body.apply(args);
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
