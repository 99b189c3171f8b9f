package dev.pgtrickle.test.harness.dbttest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of dbt's {@code error_if} / {@code warn_if} conditions on the number of failing rows, such as {@code "!=0"} (the
 * default) or {@code ">10"}.
 *
 * @param operator one of {@code = == != <> > >= < <=}
 * @param value the number the failure count is compared with
 */
public record DbtTestThreshold(String operator, long value) {

    /** dbt's default for both conditions: any failing row counts. */
    public static final DbtTestThreshold ANY_FAILURE = new DbtTestThreshold("!=", 0);

    private static final Pattern FORM = Pattern.compile("\\s*(==|=|!=|<>|>=|<=|>|<)\\s*(\\d+)\\s*");

    /** Parse {@code text}; {@code origin} names the test and setting in the error message. */
    public static DbtTestThreshold parse(Object text, String origin) {
        Matcher matcher = FORM.matcher(String.valueOf(text));
        if (!matcher.matches()) {
            throw new DbtTestDefinitionException(
                    "%s: '%s' is not a failure-count condition; write an operator and a number, e.g. '!=0' or '>10'"
                            .formatted(origin, text));
        }
        return new DbtTestThreshold(matcher.group(1), Long.parseLong(matcher.group(2)));
    }

    /** Whether {@code failures} meets the condition. */
    public boolean isMetBy(long failures) {
        return switch (operator) {
            case "=", "==" -> failures == value;
            case "!=", "<>" -> failures != value;
            case ">" -> failures > value;
            case ">=" -> failures >= value;
            case "<" -> failures < value;
            case "<=" -> failures <= value;
            default -> throw new IllegalStateException("unknown operator " + operator);
        };
    }

    @Override
    public String toString() {
        return operator + value;
    }
}
