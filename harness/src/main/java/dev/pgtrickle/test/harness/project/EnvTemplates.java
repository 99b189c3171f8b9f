package dev.pgtrickle.test.harness.project;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the small Jinja subset dbt users put in {@code profiles.yml} and {@code dbt_project.yml} values:
 * {@code {{ env_var('NAME') }}} and {@code {{ env_var('NAME', 'default') }}} (a number as default too), optionally piped
 * through one or more of {@code as_number}, {@code as_text}, {@code as_bool}, {@code as_native}, {@code int} and
 * {@code string}, with or without the {@code -} trimming marks. Anything else is reported as unsupported rather than rendered
 * wrongly. This is the only renderer of those files: the project loader and the external backend's
 * {@code pgtrickle.external.profiles} both read profiles through {@link ProfileReader}.
 */
final class EnvTemplates {

    private static final String FILTER = "as_number|as_text|as_bool|as_native|int|string";
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern ENV_VAR = Pattern.compile(
            "env_var\\(\\s*(['\"])(?<name>[^'\"]+)\\1\\s*(?:,\\s*(?:(['\"])(?<default>[^'\"]*)\\3|(?<number>-?\\d+(?:\\.\\d+)?))\\s*)?\\)"
                    + "(?<filters>(?:\\s*\\|\\s*(?:" + FILTER + "))*)\\s*");
    private static final Pattern PIPE = Pattern.compile("\\s*\\|\\s*");

    private final Function<String, String> env;

    /** @param env the environment {@code env_var()} reads: the value of a variable, {@code null} when it is unset */
    EnvTemplates(Function<String, String> env) {
        this.env = env;
    }

    EnvTemplates(Map<String, String> env) {
        this(env::get);
    }

    /**
     * Renders {@code value} when it is a string holding {@code {{ }}}; returns a number or boolean when the whole
     * value is one expression whose last filter makes one ({@code as_number}, {@code int}, {@code as_bool}).
     *
     * @throws IllegalArgumentException with a message to prefix with file, line and key
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
                        "unsupported template '%s': only env_var('NAME'[, 'default']) optionally piped to as_number, as_text, as_bool, as_native, int or string is rendered here"
                                .formatted(expressions.group()));
            }
            String name = env.group("name");
            String resolved = this.env.apply(name);
            if (resolved == null) {
                resolved = env.group("default") != null ? env.group("default") : env.group("number");
            }
            if (resolved == null) {
                throw new IllegalArgumentException(
                        "environment variable %s is not set and env_var() gives no default; set it or add a default: env_var('%s', '...')"
                                .formatted(name, name));
            }
            single = resolved;
            for (String filter : PIPE.split(env.group("filters").strip())) {
                if (!filter.isEmpty()) {
                    single = convert(single, filter);
                }
            }
            expressions.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        expressions.appendTail(out);
        boolean wholeValue = count == 1 && EXPRESSION.matcher(text.trim()).matches();
        return wholeValue && !(single instanceof String) ? single : out.toString();
    }

    /** One filter applied to the value so far (text, or what an earlier filter made of it). */
    private static Object convert(Object value, String filter) {
        String text = String.valueOf(value).trim();
        return switch (filter) {
            case "as_text", "string" -> String.valueOf(value);
            case "as_number" -> number(text, filter);
            case "int" -> number(text, filter).longValue();
            case "as_bool" -> Boolean.valueOf(text);
            default -> value; // as_native: keep the value; numbers in YAML positions are converted by callers
        };
    }

    private static Number number(String text, String filter) {
        try {
            return text.contains(".") ? (Number) Double.valueOf(text) : (Number) Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s: '%s' is not a number".formatted(filter, text), e);
        }
    }
}
