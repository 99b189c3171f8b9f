package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One row of values, normalised so that rows read from the database and rows written in a test compare equal when
 * they mean the same thing.
 *
 * <p>Normalisation: every number ({@code int}, {@code long}, {@link BigInteger}, {@code double}, {@link BigDecimal},
 * ...) becomes a {@link BigDecimal} without trailing zeros, so {@code 30}, {@code 30.0} and {@code new
 * BigDecimal("30.00")} are equal; {@code java.sql.Timestamp}, {@code Date} and {@code Time} become {@code
 * LocalDateTime}, {@code LocalDate} and {@code LocalTime}; {@link OffsetDateTime} and {@link ZonedDateTime} become
 * {@link Instant}; {@code char} becomes a {@code String}; {@code byte[]} becomes its lower-case hex text; SQL arrays
 * and lists become lists of normalised values; other database objects (json, intervals, ...) become their text.
 * NaN and infinite floating-point values stay {@code Double}.
 */
@API(status = STABLE, since = "0.1")
public final class Row {

    private final List<Object> values;

    private Row(List<Object> values) {
        this.values = Collections.unmodifiableList(values);
    }

    /** A row of the given values, in column order; {@code null} is SQL NULL. */
    public static Row of(Object... values) {
        return ofList(values == null ? Collections.singletonList(null) : Arrays.asList(values));
    }

    /** A row of the given values, in column order. */
    public static Row ofList(List<?> values) {
        List<Object> normalised = new ArrayList<>(values.size());
        for (Object value : values) {
            normalised.add(normalise(value));
        }
        return new Row(normalised);
    }

    /** The normalised values, in column order (may contain {@code null}). */
    public List<Object> values() {
        return values;
    }

    /** The normalised value at {@code index} (0-based). */
    public Object get(int index) {
        return values.get(index);
    }

    /** The number of values. */
    public int size() {
        return values.size();
    }

    /** The same row with only the values at {@code indexes}, in that order. */
    public Row project(List<Integer> indexes) {
        List<Object> projected = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            projected.add(values.get(index));
        }
        return new Row(projected);
    }

    /**
     * Normalise one value for comparison (see the class comment).
     *
     * @param value a value as JDBC returns it or as a test writes it
     * @return the normalised value
     */
    public static Object normalise(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        }
        if (value instanceof BigInteger integer) {
            return normalise(new BigDecimal(integer));
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d)
                    ? Double.valueOf(d)
                    : normalise(new BigDecimal(value.toString()));
        }
        if (value instanceof Number number) {
            return normalise(BigDecimal.valueOf(number.longValue()));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof Character character) {
            return character.toString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Array array) {
            try {
                return normaliseList(Arrays.asList((Object[]) array.getArray()));
            } catch (SQLException e) {
                return value.toString();
            }
        }
        if (value instanceof Object[] objects) {
            return normaliseList(Arrays.asList(objects));
        }
        if (value instanceof List<?> list) {
            return normaliseList(list);
        }
        if (value instanceof java.time.temporal.Temporal || value instanceof java.util.UUID) {
            return value;
        }
        if (value instanceof Enum<?>) {
            return value.toString();
        }
        // pgjdbc's PGobject (json, interval, ...) and anything else: compare by text.
        return value.toString();
    }

    private static List<Object> normaliseList(List<?> list) {
        List<Object> normalised = new ArrayList<>(list.size());
        for (Object element : list) {
            normalised.add(normalise(element));
        }
        return Collections.unmodifiableList(normalised);
    }

    /** How a normalised value is shown in messages: {@code NULL}, plain decimals, otherwise {@code toString()}. */
    public static String display(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Row::display).collect(Collectors.joining(", ", "{", "}"));
        }
        return value.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && values.equals(row.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.stream().map(Row::display).collect(Collectors.joining(", ", "(", ")"));
    }
}
