package dev.pgtrickle.test.harness.project;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the small Jinja subset dbt users put in {@code profiles.yml} and {@code dbt_project.yml} values:
 * {@code {{ env_var('NAME') }}}, {@code {{ env_var('NAME', 'default') }}}, optionally piped to {@code as_number},
 * {@code as_text}, {@code as_bool} or {@code as_native}. Anything else is reported as unsupported rather than
 * rendered wrongly.
 */
final class EnvTemplates {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern ENV_VAR = Pattern.compile(
            "env_var\\(\\s*(['\"])(?<name>[^'\"]+)\\1\\s*(?:,\\s*(?:(['\"])(?<default>[^'\"]*)\\3|(?<number>-?\\d+(?:\\.\\d+)?))\\s*)?\\)"
                    + "\\s*(?:\\|\\s*(?<filter>as_number|as_text|as_bool|as_native)\\s*)?");

    private final Map<String, String> env;

    EnvTemplates(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Renders {@code value} when it is a string holding {@code {{ }}}; returns a number or boolean when the whole
     * value is one expression piped to {@code as_number}/{@code as_bool}/{@code as_native}.
     *
     * @throws IllegalArgumentException with a message to prefix with file and line
     */
    Object render(Object value) {
        if (!(value instanceof String text) || !text.contains("{{")) {
            return value;
        }
        Matcher expressions = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        Object single = null;
        int count = 0;
        while (expressions.find()) {
            count++;
            Matcher env = ENV_VAR.matcher(expressions.group(1));
            if (!env.matches()) {
                throw new IllegalArgumentException(
                        "unsupported template '%s': only env_var('NAME'[, 'default']) optionally piped to as_number, as_text or as_bool is rendered here"
                                .formatted(expressions.group()));
            }
            String name = env.group("name");
            String resolved = this.env.get(name);
            if (resolved == null) {
                resolved = env.group("default") != null ? env.group("default") : env.group("number");
            }
            if (resolved == null) {
                throw new IllegalArgumentException(
                        "env_var('%s') is not set and has no default; set the environment variable or add a default"
                                .formatted(name));
            }
            single = convert(resolved, env.group("filter"));
            expressions.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        expressions.appendTail(out);
        boolean wholeValue = count == 1 && EXPRESSION.matcher(text.trim()).matches();
        return wholeValue && !(single instanceof String) ? single : out.toString();
    }

    private static Object convert(String text, String filter) {
        if (filter == null || filter.equals("as_text")) {
            return text;
        }
        switch (filter) {
            case "as_number" -> {
                try {
                    return text.contains(".") ? (Object) Double.valueOf(text) : (Object) Long.valueOf(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("as_number: '%s' is not a number".formatted(text), e);
                }
            }
            case "as_bool" -> {
                return Boolean.valueOf(text.trim());
            }
            default -> {
                return text; // as_native: keep the text; numbers in YAML positions are converted by callers
            }
        }
    }
}
