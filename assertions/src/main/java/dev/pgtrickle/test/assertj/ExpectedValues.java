package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.catalog.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lets tests write expected values as text where the column has another type: {@code "30.50"} for a numeric column,
 * {@code "2026-01-31"} for a date, {@code "2026-01-31T10:00:00Z"} for a timestamptz. The column's type is taken from
 * the actual value; text that does not parse stays text (and then shows up as a difference).
 */
final class ExpectedValues {

    private ExpectedValues() {}

    /** {@code expected}, normalised, read as the type of {@code actualSample} when it is text. */
    static Object like(Object actualSample, Object expected) {
        Object normalised = Row.normalise(expected);
        if (!(normalised instanceof String text) || actualSample == null || actualSample instanceof String) {
            return normalised;
        }
        String value = text.strip();
        try {
            if (actualSample instanceof BigDecimal) {
                return Row.normalise(new BigDecimal(value));
            }
            if (actualSample instanceof LocalDate) {
                return LocalDate.parse(value);
            }
            if (actualSample instanceof LocalDateTime) {
                return LocalDateTime.parse(value.replace(' ', 'T'));
            }
            if (actualSample instanceof LocalTime) {
                return LocalTime.parse(value);
            }
            if (actualSample instanceof Instant) {
                return value.endsWith("Z")
                        ? Instant.parse(value)
                        : OffsetDateTime.parse(value).toInstant();
            }
            if (actualSample instanceof UUID) {
                return UUID.fromString(value);
            }
            if (actualSample instanceof Boolean
                    && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(value);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return normalised;
        }
        return normalised;
    }

    /** Expected rows with each value read as the type of its column in {@code actualRows} (see the class comment). */
    static List<Row> like(List<Row> actualRows, List<Row> expectedRows) {
        List<Row> result = new ArrayList<>(expectedRows.size());
        for (Row expected : expectedRows) {
            List<Object> values = new ArrayList<>(expected.size());
            for (int c = 0; c < expected.size(); c++) {
                values.add(like(sample(actualRows, c), expected.get(c)));
            }
            result.add(Row.ofList(values));
        }
        return result;
    }

    private static Object sample(List<Row> rows, int column) {
        for (Row row : rows) {
            if (column < row.size() && row.get(column) != null) {
                return row.get(column);
            }
        }
        return null;
    }
}
