package dev.pgtrickle.test.harness.render;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.Map;

/**
 * {@code {% for %}...{% else %}...{% endfor %}} as Jinja2 runs it: the {@code else} body renders only when the
 * sequence is empty. jinjava's own for tag ignores {@code else} (prints nothing for an empty sequence).
 */
final class ForElseTag extends ForTag {

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        LinkedList<Node> children = tagNode.getChildren();
        int elseAt = -1;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof TagNode child && "else".equals(child.getName())) {
                elseAt = i;
                break;
            }
        }
        if (elseAt < 0) {
            return super.interpret(tagNode, interpreter);
        }
        TagToken token = (TagToken) tagNode.getMaster();
        String expression = getLoopVarsAndExpression(token).getRight();
        Object sequence = interpreter.resolveELExpression(expression, tagNode.getLineNumber());
        if (isEmpty(sequence)) {
            StringBuilder out = new StringBuilder();
            for (Node node : children.subList(elseAt + 1, children.size())) {
                out.append(node.render(interpreter).getValue());
            }
            return out.toString();
        }
        TagNode loopOnly = new TagNode(this, token, tagNode.getSymbols());
        loopOnly.setParent(tagNode.getParent());
        loopOnly.setChildren(new LinkedList<>(children.subList(0, elseAt)));
        return super.interpret(loopOnly, interpreter);
    }

    private static boolean isEmpty(Object sequence) {
        if (sequence == null) {
            return true;
        }
        if (sequence instanceof Collection<?> collection) {
            return collection.isEmpty();
        }
        if (sequence instanceof Map<?, ?> map) {
            return map.isEmpty();
        }
        if (sequence instanceof CharSequence text) {
            return text.length() == 0;
        }
        if (sequence.getClass().isArray()) {
            return Array.getLength(sequence) == 0;
        }
        if (sequence instanceof Iterable<?> iterable) {
            Iterator<?> iterator = iterable.iterator();
            return !iterator.hasNext();
        }
        return false;
    }
}
