package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.MacroTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.LinkedHashMap;

/** {@code {% macro %}}, creating macros that honour {@code return()}. */
class DbtMacroTag extends MacroTag {

    @Override
    protected MacroFunction constructMacroFunction(
            TagNode tagNode,
            JinjavaInterpreter interpreter,
            String name,
            LinkedHashMap<String, Object> argNamesWithDefaults) {
        MacroFunction plain = super.constructMacroFunction(tagNode, interpreter, name, argNamesWithDefaults);
        return new ReturningMacroFunction(plain, name);
    }
}
