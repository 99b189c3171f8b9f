package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Jinja2 evaluates a dict literal's keys as expressions ({@code {col.column: col}}, {@code {key.lower(): val}},
 * {@code {name: value}} with {@code name} a variable); jinjava accepts only a string, a number or a bare name, and takes
 * the bare name as text. A dict literal with any other key is rewritten to a call of {@link #FUNCTION} with the keys
 * and values in turn, which builds the same mapping; literals whose keys are all strings or numbers stay as written.
 */
final class DictLiterals {

    /** The function the rewrite calls: {@code __pgt_dict(k1, v1, k2, v2, ...)}. */
    static final String FUNCTION = "__pgt_dict";

    private static final Pattern LITERAL_KEY =
            Pattern.compile("\\s*(?:'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?)\\s*");

    private DictLiterals() {}

    /** {@code code} (the inside of one tag) with every dict literal whose keys are expressions rewritten. */
    static String rewrite(String code) {
        if (code.indexOf('{') < 0) {
            return code;
        }
        return Jinja2Syntax.replaceBracketed(code, '{', at -> true, DictLiterals::dict);
    }

    /** One dict literal's inside, its nested literals rewritten first. */
    private static String dict(String inside) {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        boolean rewrite = false;
        if (!inside.isBlank()) {
            for (String entry : TopLevelCommas.split(inside)) {
                int colon = topLevelColon(entry);
                if (colon < 0) {
                    return "{" + rewrite(inside) + "}"; // not a dict entry: leave it to jinjava to report
                }
                String key = entry.substring(0, colon);
                keys.add(rewrite(key).strip());
                values.add(rewrite(entry.substring(colon + 1)).strip());
                rewrite |= !LITERAL_KEY.matcher(key).matches();
            }
        }
        if (!rewrite) {
            return "{" + rewrite(inside) + "}";
        }
        List<String> arguments = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            arguments.add(keys.get(k));
            arguments.add(values.get(k));
        }
        return FUNCTION + "(" + String.join(", ", arguments) + ")";
    }

    private static int topLevelColon(String entry) {
        int depth = 0;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\'' || c == '"') {
                i = Jinja2Syntax.stringEnd(entry, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
