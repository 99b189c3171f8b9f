package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dbt context function ({@code ref}, {@code config}, ...) callable from templates with positional and keyword
 * arguments, which jinjava's EL functions cannot take. A failure is recorded in the current {@link RenderScope}
 * because jinjava replaces the exception with a generic "Error invoking function".
 */
final class DbtFunction extends MacroFunction {

    /** The Java side of a dbt function. */
    @FunctionalInterface
    interface Body {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    private final transient Body body;

    DbtFunction(String name, Body body) {
        super(List.of(), name, new LinkedHashMap<>(), false, null, 0, 0);
        this.body = body;
    }

    /** Jinja2's {@code f(a, **mapping)}: see {@link KeywordSpread}. */
    @Override
    public Object evaluate(Object... args) {
        return super.evaluate(KeywordSpread.expand(args));
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        try {
            return body.call(varArgs, kwargMap);
        } catch (ReturnSignal signal) {
            throw signal;
        } catch (RuntimeException e) {
            throw RenderScope.current().fail(e);
        }
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
