package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.tree.TagNode;
import java.util.LinkedHashMap;

/**
 * dbt's {@code {% test name(model, column_name) %}...{% endtest %}}: defines a macro called {@code test_<name>}, as
 * dbt does, so a generic test is rendered by calling it.
 */
final class TestBlockTag extends DbtMacroTag {

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public String getEndTagName() {
        return "endtest";
    }

    @Override
    protected MacroFunction constructMacroFunction(
            TagNode tagNode,
            JinjavaInterpreter interpreter,
            String name,
            LinkedHashMap<String, Object> argNamesWithDefaults) {
        return super.constructMacroFunction(tagNode, interpreter, "test_" + name, argNamesWithDefaults);
    }
}
