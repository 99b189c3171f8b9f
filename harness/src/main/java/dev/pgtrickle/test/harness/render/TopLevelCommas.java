package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Jinja expression or argument list on its top-level commas: those outside brackets and quotes, so
 * {@code a, f(b, c), 'd,e'} has three parts. Shared by the template tags here and the generic-test macro parser.
 */
public final class TopLevelCommas {

    private TopLevelCommas() {}

    /** The parts between top-level commas, untrimmed; one part (the whole text) when there is none. */
    public static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }
}
