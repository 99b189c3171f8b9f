package dev.pgtrickle.test.harness.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template whose only Jinja is calls of {@code config()}, {@code ref()} and {@code source()} with quoted text
 * arguments, such as {@code {{ config(materialized='view') }} select * from {{ ref('orders') }}}: most models of a
 * project. dbt reads such models without rendering them through Jinja (its static parser); the harness goes one step
 * further and also compiles them without jinjava, since the output is fixed by the calls alone: the text between the
 * calls, with each call replaced by what it returns, printed as jinjava prints it. The calls go to the very functions
 * a jinjava render calls. Anything else (another call, a filter, a statement, a comment, whitespace control, a brace
 * in the SQL, a number or name as an argument) is not static, and renders through jinjava as before.
 *
 * @param texts the text around the calls: one more than there are calls
 * @param calls the calls, in order
 */
record StaticTemplate(List<String> texts, List<Call> calls) {

    /** One call: positional arguments first, then keyword arguments (all text), as jinjava passes them. */
    record Call(String function, List<Object> args, Map<String, Object> kwargs) {}

    private static final Set<String> FUNCTIONS = Set.of("config", "ref", "source");

    private static final Pattern CALL = Pattern.compile("\\s*([a-z]+)\\s*\\((.*)\\)\\s*", Pattern.DOTALL);

    /** One argument and the comma after it; a quoted text holds no quote, backslash, brace, {@code %} or {@code #}. */
    private static final Pattern ARGUMENT =
            Pattern.compile("\\s*(?:([A-Za-z_]\\w*)\\s*=\\s*)?(?:'([^'\"\\\\{}%#]*)'|\"([^'\"\\\\{}%#]*)\")\\s*(,?)");

    /** {@code template} as a static template, or empty when it holds any other Jinja. */
    static Optional<StaticTemplate> of(String template) {
        List<String> texts = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            String text = template.substring(pos, open < 0 ? template.length() : open);
            if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0 || text.contains("%}") || text.contains("#}")) {
                return Optional.empty();
            }
            texts.add(text);
            if (open < 0) {
                return Optional.of(new StaticTemplate(texts, calls));
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                return Optional.empty();
            }
            Optional<Call> call = call(template.substring(open + 2, close));
            if (call.isEmpty()) {
                return Optional.empty();
            }
            calls.add(call.get());
            pos = close + 2;
        }
    }

    private static Optional<Call> call(String expression) {
        Matcher call = CALL.matcher(expression);
        if (!call.matches() || !FUNCTIONS.contains(call.group(1))) {
            return Optional.empty();
        }
        String arguments = call.group(2);
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Matcher argument = ARGUMENT.matcher(arguments);
        int pos = 0;
        boolean more = !arguments.isBlank();
        while (more) {
            if (!argument.region(pos, arguments.length()).lookingAt()) {
                return Optional.empty();
            }
            String value = argument.group(2) != null ? argument.group(2) : argument.group(3);
            String keyword = argument.group(1);
            if (keyword == null && !kwargs.isEmpty()) {
                return Optional.empty(); // a positional argument after a keyword one: Jinja2 refuses it
            }
            if (keyword == null) {
                args.add(value);
            } else if (kwargs.put(keyword, value) != null) {
                return Optional.empty(); // a repeated keyword: Jinja2 refuses it
            }
            pos = argument.end();
            more = !argument.group(4).isEmpty();
            if (more == (pos == arguments.length())) {
                return Optional.empty(); // a trailing comma, or text after the last argument
            }
        }
        return Optional.of(new Call(call.group(1), List.copyOf(args), kwargs));
    }

    /** The output: the texts, with each call replaced by {@code print} of what {@code call} returns for it. */
    String render(Function<Call, Object> call, Function<Object, String> print) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            out.append(texts.get(i)).append(print.apply(call.apply(calls.get(i))));
        }
        return out.append(texts.get(calls.size())).toString();
    }
}
