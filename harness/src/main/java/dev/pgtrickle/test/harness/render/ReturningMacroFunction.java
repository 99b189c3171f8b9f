package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.List;
import java.util.Map;

/**
 * A project macro: like jinjava's, but {@code return(value)} inside it ends the call with that value (a list, map,
 * boolean, ... not only text), as in dbt.
 */
final class ReturningMacroFunction extends MacroFunction {

    ReturningMacroFunction(MacroFunction source, String name) {
        super(source, name);
    }

    /** Jinja2's {@code f(a, **mapping)}: see {@link KeywordSpread}. */
    @Override
    public Object evaluate(Object... args) {
        return super.evaluate(KeywordSpread.expand(args));
    }

    @Override
    public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
        RenderScope scope = RenderScope.current();
        Object[] slot = new Object[2];
        scope.returnSlots.push(slot);
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        int errorsBefore = interpreter == null ? 0 : interpreter.getErrors().size();
        try {
            return super.doEvaluate(argMap, kwargMap, varArgs);
        } catch (RuntimeException e) {
            if (slot[1] == null) {
                if (scope.failedInMacro == null) {
                    scope.failedInMacro = getName();
                }
                throw e;
            }
            // return() left the macro by throwing; jinjava may have recorded that as an error: forget it.
            while (interpreter != null && interpreter.getErrors().size() > errorsBefore) {
                interpreter.removeLastError();
            }
            return slot[0];
        } finally {
            scope.returnSlots.pop();
        }
    }

    @Override
    public MacroFunction cloneWithNewName(String name) {
        return new ReturningMacroFunction(this, name);
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
