package dev.pgtrickle.test.harness.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** dbt's type-conversion filters: {@code as_text}, {@code as_bool}, {@code as_number}, {@code as_native}. */
public final class DbtFilters {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private DbtFilters() {}

    /** The four filters, to register with a jinjava instance. */
    public static List<Filter> all() {
        return List.of(
                filter("as_text", value -> value == null ? "" : String.valueOf(value)),
                filter("as_bool", DbtFilters::asBool),
                filter("as_number", value -> asNumber(value, "as_number")),
                filter("as_native", DbtFilters::asNative));
    }

    private interface Conversion {
        Object apply(Object value);
    }

    private static Filter filter(String name, Conversion conversion) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return conversion.apply(var);
            }
        };
    }

    private static Object asBool(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("as_bool: '%s' is not a boolean".formatted(value));
    }

    /** {@code value} as a whole or decimal number; an error naming {@code filter} when it is not one. */
    static Object asNumber(Object value, String filter) {
        if (value instanceof Number) {
            return value;
        }
        String text = String.valueOf(value).trim();
        try {
            BigDecimal number = new BigDecimal(text);
            if (number.scale() <= 0 && INTEGER.matcher(text).matches()) {
                return number.longValueExact();
            }
            return number.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("%s: '%s' is not a number".formatted(filter, value), e);
        }
    }

    private static Object asNative(Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        String trimmed = text.trim();
        if (trimmed.equals("True") || trimmed.equals("true")) {
            return true;
        }
        if (trimmed.equals("False") || trimmed.equals("false")) {
            return false;
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return asNumber(trimmed, "as_native");
        }
        return text;
    }
}
