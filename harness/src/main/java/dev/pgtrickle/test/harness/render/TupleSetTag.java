package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.SetTag;
import com.hubspot.jinjava.tree.TagNode;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {% set a, b = pair %}}: Python tuple unpacking of one sequence-valued expression, which jinjava's set tag
 * rejects ("uneven number of variables"). Everything else is jinjava's set.
 */
final class TupleSetTag extends SetTag {

    private static final Pattern UNPACK =
            Pattern.compile("^\\s*([A-Za-z_]\\w*(?:\\s*,\\s*[A-Za-z_]\\w*)+)\\s*,?\\s*=\\s*(.+?)\\s*$", Pattern.DOTALL);

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        Matcher unpack = UNPACK.matcher(tagNode.getHelpers());
        // "a, b = 1, 2" (several expressions) is jinjava's own form; only a single expression is unpacked here.
        if (!unpack.matches() || TopLevelCommas.split(unpack.group(2)).size() > 1) {
            return super.interpret(tagNode, interpreter);
        }
        List<String> names =
                Arrays.stream(unpack.group(1).split(",")).map(String::trim).toList();
        Object value = interpreter.resolveELExpression(unpack.group(2), tagNode.getLineNumber());
        List<?> values = asList(value);
        if (values == null || values.size() != names.size()) {
            throw new IllegalArgumentException(
                    "cannot unpack %s into %d variables (%s)".formatted(value, names.size(), String.join(", ", names)));
        }
        for (int i = 0; i < names.size(); i++) {
            interpreter.getContext().put(names.get(i), values.get(i));
        }
        return "";
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value != null && value.getClass().isArray()) {
            Object[] items = new Object[Array.getLength(value)];
            for (int i = 0; i < items.length; i++) {
                items[i] = Array.get(value, i);
            }
            return Arrays.asList(items);
        }
        return null;
    }
}
