package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jinjava drops a keyword argument whose value is an operator expression: {@code f(b=p ~ '%')} passes an empty
 * {@code b}, where Jinja2 passes the concatenation (dbt-utils' {@code get_tables_by_prefix_sql} calls exactly so). A
 * parenthesised value is passed right, so every keyword argument of a call gets parentheses around its value.
 */
final class NamedArguments {

    private static final Pattern KEYWORD =
            Pattern.compile("(\\s*[A-Za-z_]\\w*\\s*=)(?!=)(\\s*)(.*?)(\\s*)", Pattern.DOTALL);

    private NamedArguments() {}

    /** {@code code} (the inside of one tag) with each call's keyword argument values in parentheses. */
    static String rewrite(String code) {
        if (code.indexOf('=') < 0 || code.indexOf('(') < 0) {
            return code;
        }
        return Jinja2Syntax.replaceBracketed(
                code, '(', at -> isCall(code, at), inside -> "(" + arguments(inside) + ")");
    }

    /** A parenthesis right after a name or a closing bracket opens a call's arguments, not a group. */
    private static boolean isCall(String code, int paren) {
        if (paren == 0) {
            return false;
        }
        char before = code.charAt(paren - 1);
        return Character.isJavaIdentifierPart(before) || before == ')' || before == ']';
    }

    private static String arguments(String inside) {
        List<String> parts = new ArrayList<>();
        for (String part : TopLevelCommas.split(inside)) {
            Matcher keyword = KEYWORD.matcher(part);
            if (keyword.matches() && !keyword.group(3).isEmpty()) {
                String value = rewrite(keyword.group(3));
                parts.add(keyword.group(1) + keyword.group(2) + "(" + value + ")" + keyword.group(4));
            } else {
                parts.add(rewrite(part));
            }
        }
        return String.join(",", parts);
    }
}
