package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.pgtrickle.test.harness.jinja.DbtFilters;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELResolver;

/**
 * A jinjava instance configured to render dbt templates as Jinja2 does (see docs/jinja-compatibility.md):
 * whitespace control, no second rendering pass over output, recursive macros, dbt's {@code macro} and
 * {@code test} tags.
 */
final class JinjaEngine {

    private final Jinjava jinjava;

    @SuppressWarnings("deprecation") // withWhitespaceRequiredWithinTokens: the only switch that honours {{- and {#-
    JinjaEngine() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withLegacyOverrides(LegacyOverrides.Builder.from(LegacyOverrides.ALL)
                        .withWhitespaceRequiredWithinTokens(false)
                        .build())
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(200)
                .withElResolver(resolvers())
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .build();
        jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerTag(new DbtMacroTag());
        jinjava.getGlobalContext().registerTag(new TestBlockTag());
        jinjava.getGlobalContext().registerTag(new ForElseTag());
        jinjava.getGlobalContext().registerTag(new TupleSetTag());
        DbtFilters.all().forEach(jinjava.getGlobalContext()::registerFilter);
    }

    private static ELResolver resolvers() {
        CompositeELResolver resolvers = new CompositeELResolver();
        resolvers.add(new PythonStringMethods());
        resolvers.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        return resolvers;
    }

    Context globalContext() {
        return jinjava.getGlobalContext();
    }

    void addFunction(String name, DbtFunction.Body body) {
        jinjava.getGlobalContext().addGlobalMacro(new DbtFunction(name, body));
    }

    /** The result of one render: output and whatever errors jinjava recorded. */
    record Result(String output, List<TemplateError> errors) {}

    Result render(String template, Map<String, ?> bindings, Context parent) {
        return render(template, bindings, parent, jinjava.getGlobalContext());
    }

    /**
     * Renders {@code template} in {@code parent}, or when that is null in a fresh child of {@code scope}: the global
     * context, or a package's, whose macros then come before the global ones (a package node's unqualified calls).
     */
    @SuppressWarnings(
            "deprecation") // setThrowInterpreterErrors: the strategy replacing it needs Immutables on the class path
    Result render(String template, Map<String, ?> bindings, Context parent, Context scope) {
        Context context = parent != null ? parent : new Context(scope);
        context.putAll(bindings);
        if (parent == null) {
            // Called for names not in scope; the render scope keeps them to spot calls on undefined packages.
            context.setDynamicVariableResolver(name -> {
                JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
                RenderScope.current()
                        .undefinedLookups
                        .add(new RenderScope.UndefinedLookup(
                                name,
                                current == null ? 0 : current.getLineNumber(),
                                current == null ? 0 : current.getPosition()));
                return null;
            });
        }
        context.setThrowInterpreterErrors(true);
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, jinjava.getGlobalConfig());
        try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            String output = interpreter.render(template);
            return new Result(output, interpreter.getErrorsCopy());
        }
    }
}
