package dev.pgtrickle.test.harness.seed;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Chooses a PostgreSQL type for a seed column from its values, following dbt's seed type tester: the first type in the
 * order integer, numeric, date, timestamp, boolean that accepts every non-empty value wins, otherwise {@code text}.
 *
 * <p>Differences from dbt, on purpose: whole numbers that do not fit in {@code integer} become {@code bigint} (dbt
 * always says {@code integer} and the load fails), and numbers with a fraction become exact {@code numeric}. A column
 * with no values at all is {@code text} (dbt would say {@code integer}). Declare {@code column_types} to choose
 * yourself; that is also how leading zeros survive ({@code 007} is inferred as a number).
 *
 * <p>One instance watches one column while the file streams past: every value is checked (as dbt checks every value),
 * each against the types still possible, on the value's UTF-8 bytes. All accepted forms are ASCII, so a value with any
 * other byte is text.
 */
final class SeedTypeInference {

    private static final int INTEGER = 1;
    private static final int NUMERIC = 2;
    private static final int DATE = 4;
    private static final int TIMESTAMP = 8;
    private static final int BOOLEAN = 16;
    private static final int ALL = INTEGER | NUMERIC | DATE | TIMESTAMP | BOOLEAN;
    private static final BigInteger BIGINT_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger BIGINT_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Whole numbers with at most this many digits always fit in a {@code long}. */
    private static final int SAFE_LONG_DIGITS = 18;

    private int possible = ALL;
    private boolean anyValue;
    private boolean needsBigint;
    private boolean needsNumeric;

    /** The type for a column whose values (nulls included) are {@code values}. */
    static String infer(List<String> values) {
        SeedTypeInference column = new SeedTypeInference();
        for (String value : values) {
            if (value != null) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                column.accept(bytes, 0, bytes.length);
            }
        }
        return column.type();
    }

    /** Check one non-empty value, the bytes {@code [start, end)} of {@code bytes}. */
    void accept(byte[] bytes, int start, int end) {
        anyValue = true;
        if (possible == 0) {
            return;
        }
        if ((possible & INTEGER) != 0) {
            if (isInteger(bytes, start, end)) {
                checkIntegerRange(bytes, start, end);
                possible &= INTEGER | NUMERIC; // a whole number is also a decimal, and nothing else
                return;
            }
            possible &= ~INTEGER;
        }
        if ((possible & NUMERIC) != 0 && !isDecimal(bytes, start, end)) {
            possible &= ~NUMERIC;
        }
        if ((possible & DATE) != 0 && !isDate(bytes, start, end)) {
            possible &= ~DATE;
        }
        if ((possible & TIMESTAMP) != 0 && !isTimestamp(bytes, start, end)) {
            possible &= ~TIMESTAMP;
        }
        if ((possible & BOOLEAN) != 0 && !isBoolean(bytes, start, end)) {
            possible &= ~BOOLEAN;
        }
    }

    /** The chosen type, given every value seen so far. */
    String type() {
        if (!anyValue) {
            return "text";
        }
        if ((possible & INTEGER) != 0) {
            return needsNumeric ? "numeric" : needsBigint ? "bigint" : "integer";
        }
        if ((possible & NUMERIC) != 0) {
            return "numeric";
        }
        if ((possible & DATE) != 0) {
            return "date";
        }
        if ((possible & TIMESTAMP) != 0) {
            return "timestamp";
        }
        if ((possible & BOOLEAN) != 0) {
            return "boolean";
        }
        return "text";
    }

    /** {@code [+-]?[0-9]+}. */
    private static boolean isInteger(byte[] b, int start, int end) {
        int p = start;
        if (p < end && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        if (p == end) {
            return false;
        }
        for (; p < end; p++) {
            if (!digit(b[p])) {
                return false;
            }
        }
        return true;
    }

    /** {@code integer} for 32 bits, {@code bigint} for 64, {@code numeric} beyond. */
    private void checkIntegerRange(byte[] b, int start, int end) {
        int digitsStart = b[start] == '+' || b[start] == '-' ? start + 1 : start;
        while (digitsStart < end - 1 && b[digitsStart] == '0') {
            digitsStart++;
        }
        if (end - digitsStart <= SAFE_LONG_DIGITS) {
            long number = 0;
            for (int p = digitsStart; p < end; p++) {
                number = number * 10 + (b[p] - '0');
            }
            if (b[start] == '-') {
                number = -number;
            }
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                needsBigint = true;
            }
            return;
        }
        String text = new String(b, start, end - start, StandardCharsets.US_ASCII);
        BigInteger number = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        if (number.compareTo(BIGINT_MIN) < 0 || number.compareTo(BIGINT_MAX) > 0) {
            needsNumeric = true;
        } else {
            needsBigint = true;
        }
    }

    /** {@code [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?}. */
    private static boolean isDecimal(byte[] b, int start, int end) {
        int p = start;
        if (p < end && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        int intDigits = 0;
        while (p < end && digit(b[p])) {
            p++;
            intDigits++;
        }
        int fractionDigits = 0;
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && digit(b[p])) {
                p++;
                fractionDigits++;
            }
        }
        if (intDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exponentDigits = 0;
            while (p < end && digit(b[p])) {
                p++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return p == end;
    }

    /** {@code YYYY-MM-DD}, a real calendar date. */
    private static boolean isDate(byte[] b, int start, int end) {
        return end - start == 10 && isDateAt(b, start);
    }

    private static boolean isDateAt(byte[] b, int at) {
        if (!digits(b, at, 4)
                || b[at + 4] != '-'
                || !digits(b, at + 5, 2)
                || b[at + 7] != '-'
                || !digits(b, at + 8, 2)) {
            return false;
        }
        int year = number(b, at, 4);
        int month = number(b, at + 5, 2);
        int day = number(b, at + 8, 2);
        return month >= 1
                && month <= 12
                && day >= 1
                && day <= java.time.Month.of(month).length(Year.isLeap(year));
    }

    /**
     * {@code 2024-01-31 12:00:00}, or ISO 8601 with a {@code T}, optional fraction and optional offset. The two
     * 19-character forms are accepted directly when valid (they are what seeds hold); the rest goes to {@code
     * java.time}'s strict ISO parsers.
     */
    private static boolean isTimestamp(byte[] b, int start, int end) {
        if (end - start == 19
                && (b[start + 10] == ' ' || b[start + 10] == 'T')
                && isDateAt(b, start)
                && isTimeAt(b, start + 11)) {
            return true;
        }
        if (end - start == 19 && b[start + 10] == ' ') {
            return false; // the space form has exactly this length
        }
        for (int p = start; p < end; p++) {
            if (b[p] < 0) {
                return false;
            }
        }
        String value = new String(b, start, end - start, StandardCharsets.US_ASCII);
        return parses(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME, false)
                || parses(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME, true);
    }

    /** {@code HH:MM:SS} with strict ranges. */
    private static boolean isTimeAt(byte[] b, int at) {
        return digits(b, at, 2)
                && b[at + 2] == ':'
                && digits(b, at + 3, 2)
                && b[at + 5] == ':'
                && digits(b, at + 6, 2)
                && number(b, at, 2) <= 23
                && number(b, at + 3, 2) <= 59
                && number(b, at + 6, 2) <= 59;
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

    /** {@code true} or {@code false} in any (ASCII) case. */
    private static boolean isBoolean(byte[] b, int start, int end) {
        return equalsIgnoreAsciiCase(b, start, end, "true") || equalsIgnoreAsciiCase(b, start, end, "false");
    }

    private static boolean equalsIgnoreAsciiCase(byte[] b, int start, int end, String word) {
        if (end - start != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((b[start + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(byte[] b, int at, int count) {
        for (int i = 0; i < count; i++) {
            if (!digit(b[at + i])) {
                return false;
            }
        }
        return true;
    }

    private static int number(byte[] b, int at, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n = n * 10 + (b[at + i] - '0');
        }
        return n;
    }
}
