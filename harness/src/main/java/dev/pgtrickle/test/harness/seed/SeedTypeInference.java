package dev.pgtrickle.test.harness.seed;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses a PostgreSQL type for a seed column from its values, following dbt's seed type tester: the first type in the
 * order integer, numeric, date, timestamp, boolean that accepts every non-empty value wins, otherwise {@code text}.
 *
 * <p>Differences from dbt, on purpose: whole numbers that do not fit in {@code integer} become {@code bigint} (dbt
 * always says {@code integer} and the load fails), and numbers with a fraction become exact {@code numeric}. A column
 * with no values at all is {@code text} (dbt would say {@code integer}). Declare {@code column_types} to choose
 * yourself; that is also how leading zeros survive ({@code 007} is inferred as a number).
 */
final class SeedTypeInference {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SPACE_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger BIGINT_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger BIGINT_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private SeedTypeInference() {}

    /** The type for a column whose values (nulls included) are {@code values}. */
    static String infer(List<String> values) {
        List<String> present = values.stream().filter(v -> v != null).toList();
        if (present.isEmpty()) {
            return "text";
        }
        if (all(present, v -> INTEGER.matcher(v).matches())) {
            return integerType(present);
        }
        if (all(present, v -> DECIMAL.matcher(v).matches())) {
            return "numeric";
        }
        if (all(present, SeedTypeInference::isDate)) {
            return "date";
        }
        if (all(present, SeedTypeInference::isTimestamp)) {
            return "timestamp";
        }
        if (all(present, v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
            return "boolean";
        }
        return "text";
    }

    private static String integerType(List<String> values) {
        String type = "integer";
        for (String value : values) {
            BigInteger number = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
            if (number.compareTo(BIGINT_MIN) < 0 || number.compareTo(BIGINT_MAX) > 0) {
                return "numeric";
            }
            if (number.compareTo(INT_MIN) < 0 || number.compareTo(INT_MAX) > 0) {
                type = "bigint";
            }
        }
        return type;
    }

    private static boolean all(List<String> values, Predicate<String> test) {
        return values.stream().allMatch(test);
    }

    static boolean isDate(String value) {
        if (!DATE_SHAPE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code 2024-01-31 12:00:00}, or ISO 8601 with a {@code T}, optional fraction and optional offset. */
    static boolean isTimestamp(String value) {
        return parses(value, SPACE_TIMESTAMP, false)
                || parses(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME, false)
                || parses(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME, true);
    }

    private static boolean parses(String value, DateTimeFormatter format, boolean offset) {
        try {
            if (offset) {
                OffsetDateTime.parse(value, format);
            } else {
                LocalDateTime.parse(value, format);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
