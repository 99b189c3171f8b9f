package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites Jinja2 syntax jinjava's parser rejects into equivalent syntax it accepts, inside {@code {{ }}} and {@code {%
 * %}} only (SQL text is never touched, nor anything inside string literals):
 *
 * <ul>
 *   <li>calling the result of a call, {@code adapter.dispatch('x', 'pkg')(a, b=1)}, which every dispatching dbt macro
 *       does, becomes {@code __pgt_call(adapter.dispatch('x', 'pkg'), a, b=1)};
 *   <li>spreading a mapping into keyword arguments, {@code f(a, **kwargs)}, becomes {@code f(a, __pgt_spread=kwargs)},
 *       expanded by {@link KeywordSpread} when the call is made;
 *   <li>a trailing comma before {@code )}, {@code ]} or {@code }}} ({@code f(a, b,)}, {@code [1, 2,]}) is dropped;
 *   <li>a keyword argument's value is put in parentheses, which jinjava needs to pass {@code b=p ~ '%'} (see {@link
 *       NamedArguments});
 *   <li>a dict literal whose keys are expressions ({@code {col.column: col}}) becomes a call (see {@link
 *       DictLiterals});
 *   <li>a macro argument default holding a parenthesis or comma is set in the body instead (see {@link
 *       #signatureWithPlainDefaults}).
 * </ul>
 */
final class Jinja2Syntax {

    /** The function the double-call rewrite calls: its first argument is the callee. */
    static final String CALL_FUNCTION = "__pgt_call";

    private Jinja2Syntax() {}

    static String normalize(String template) {
        if (!template.contains("{{") && !template.contains("{%")) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int pos = 0;
        while (pos < template.length()) {
            int open = nextTagStart(template, pos);
            if (open < 0) {
                out.append(template, pos, template.length());
                break;
            }
            out.append(template, pos, open + 2);
            int close = tagEnd(template, open + 2);
            if (close < 0) {
                out.append(template, open + 2, template.length());
                break;
            }
            String code = template.substring(open + 2, close);
            Matcher signature = SIGNATURE.matcher(code);
            if (template.charAt(open + 1) == '%' && signature.matches()) {
                boolean trimAfter = code.stripTrailing().endsWith("-");
                List<String> deferred = new ArrayList<>();
                out.append(signature.group(1))
                        .append(signatureWithPlainDefaults(signature.group(2), deferred))
                        .append(signature.group(3));
                out.append(template, close, close + 2);
                for (int i = 0; i < deferred.size(); i += 2) {
                    boolean last = i + 2 >= deferred.size();
                    out.append("{%% if %1$s is none %%}{%% set %1$s = %2$s %%}{%% endif%3$s%%}"
                            .formatted(deferred.get(i), deferred.get(i + 1), last && trimAfter ? " -" : " "));
                }
                pos = close + 2;
                continue;
            }
            out.append(rewrite(code));
            pos = close;
        }
        return out.toString();
    }

    private static int nextTagStart(String text, int from) {
        int expression = text.indexOf("{{", from);
        int statement = text.indexOf("{%", from);
        if (expression < 0) {
            return statement;
        }
        return statement < 0 ? expression : Math.min(expression, statement);
    }

    /**
     * The index of the closing {@code }}} or {@code %}}, skipping string literals and brackets (as Jinja2's lexer
     * does, so {@code {% set m = {'a': {'b': 1}} %}} ends at its {@code %}}).
     */
    private static int tagEnd(String text, int from) {
        int i = from;
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(text, i);
                continue;
            }
            if ((c == '}' || c == '%') && depth <= 0 && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            i++;
        }
        return -1;
    }

    /** The index just past the string literal starting at {@code start}. */
    static int stringEnd(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }

    /** {@code macro name(args)} or {@code test name(args)}: group 2 is the argument list. */
    private static final Pattern SIGNATURE =
            Pattern.compile("(\\s*-?\\s*(?:macro|test)\\s+\\w+\\s*\\()(.*)(\\)\\s*-?\\s*)", Pattern.DOTALL);

    /**
     * jinjava reads a macro's argument list up to the first {@code )} and splits it at every comma, so a default
     * holding either ({@code order_by='count(*) desc'}, {@code delimiter="','"}) breaks the definition. Such a default
     * becomes {@code none} here and is set at the start of the body instead ({@code deferred} gets name, expression
     * pairs); passing none explicitly then gives the default, the one difference.
     */
    private static String signatureWithPlainDefaults(String arguments, List<String> deferred) {
        List<String> parts = new ArrayList<>();
        for (String part : TopLevelCommas.split(dropTrailingCommas(arguments))) {
            int equals = part.indexOf('=');
            String expression = equals < 0 ? "" : part.substring(equals + 1).strip();
            if (equals > 0 && (expression.contains("(") || expression.contains(",") || expression.contains(")"))) {
                String name = part.substring(0, equals).strip();
                deferred.add(name);
                deferred.add(expression);
                parts.add(name + "=none");
            } else {
                parts.add(part.strip());
            }
        }
        return String.join(", ", parts);
    }

    static String rewrite(String code) {
        String previous;
        String current = DictLiterals.rewrite(NamedArguments.rewrite(dropTrailingCommas(code)));
        do {
            previous = current;
            current = rewriteOneDoubleCall(current);
        } while (!current.equals(previous));
        return spreadKeywords(current);
    }

    /** The keyword argument {@code f(a, **kw)} becomes, for {@link KeywordSpread} to expand when the call is made. */
    static final String SPREAD_KEYWORD = "__pgt_spread";

    /**
     * {@code f(a, **kwargs)} to {@code f(a, __pgt_spread=kwargs)}: a {@code **} right after {@code (} or {@code ,} spreads
     * a mapping into keyword arguments (elsewhere it is the power operator, left alone).
     */
    private static String spreadKeywords(String code) {
        if (!code.contains("**")) {
            return code;
        }
        StringBuilder out = new StringBuilder(code.length() + 16);
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(code, i);
                out.append(code, i, end);
                i = end;
                continue;
            }
            if (c == '*' && code.startsWith("**", i) && afterOpenOrComma(out)) {
                out.append(SPREAD_KEYWORD).append('=');
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean afterOpenOrComma(CharSequence before) {
        int j = before.length() - 1;
        while (j >= 0 && Character.isWhitespace(before.charAt(j))) {
            j--;
        }
        return j >= 0 && (before.charAt(j) == '(' || before.charAt(j) == ',');
    }

    private static String dropTrailingCommas(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(code, i);
                out.append(code, i, end);
                i = end;
                continue;
            }
            if (c == ',') {
                int next = i + 1;
                while (next < code.length() && Character.isWhitespace(code.charAt(next))) {
                    next++;
                }
                if (next < code.length() && ")]}".indexOf(code.charAt(next)) >= 0) {
                    i++;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** {@code callee(a)(b)} to {@code __pgt_call(callee(a), b)}, for the first such call; unchanged when none. */
    private static String rewriteOneDoubleCall(String code) {
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(code, i);
                continue;
            }
            if (c == '(') {
                int close = matching(code, i);
                if (close < 0) {
                    return code;
                }
                int next = close + 1;
                while (next < code.length() && Character.isWhitespace(code.charAt(next))) {
                    next++;
                }
                int calleeStart = calleeStart(code, i);
                if (next < code.length() && code.charAt(next) == '(' && calleeStart < i) {
                    int secondClose = matching(code, next);
                    if (secondClose < 0) {
                        return code;
                    }
                    String first = code.substring(calleeStart, close + 1);
                    String arguments = code.substring(next + 1, secondClose);
                    return code.substring(0, calleeStart)
                            + CALL_FUNCTION
                            + "("
                            + first
                            + (arguments.isBlank() ? "" : ", " + arguments)
                            + ")"
                            + code.substring(secondClose + 1);
                }
            }
            i++;
        }
        return code;
    }

    /** The start of the dotted name just before {@code paren}, or {@code paren} when there is none. */
    private static int calleeStart(String code, int paren) {
        int start = paren;
        while (start > 0 && (Character.isJavaIdentifierPart(code.charAt(start - 1)) || code.charAt(start - 1) == '.')) {
            start--;
        }
        return start;
    }

    /**
     * {@code code} with each bracketed part that opens with {@code open} (outside string literals) and for which
     * {@code applies} holds at its index replaced by {@code replacement} of its inside; the shared walk of the
     * rewrites that work on one kind of bracket ({@link DictLiterals}, {@link NamedArguments}).
     */
    static String replaceBracketed(String code, char open, IntPredicate applies, UnaryOperator<String> replacement) {
        StringBuilder out = new StringBuilder(code.length() + 8);
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(code, i);
                out.append(code, i, end);
                i = end;
                continue;
            }
            if (c == open && applies.test(i)) {
                int close = matching(code, i);
                if (close > i) {
                    out.append(replacement.apply(code.substring(i + 1, close)));
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The index of the bracket closing the one at {@code open}, skipping string literals; -1 when unclosed. */
    static int matching(String code, int open) {
        int depth = 0;
        int i = open;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(code, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        return -1;
    }
}
