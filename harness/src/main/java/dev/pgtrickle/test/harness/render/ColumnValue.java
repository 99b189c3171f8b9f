package dev.pgtrickle.test.harness.render;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's {@code api.Column} for PostgreSQL, what {@code adapter.get_columns_in_relation} answers: {@code name}/{@code
 * column}, {@code dtype} as the catalog spells it, {@code data_type} with the size or precision when it has one,
 * {@code quoted}, and the {@code is_string()}, {@code is_number()}, ... tests packages branch on. Written from dbt's
 * documented behaviour: {@code text} and an unsized {@code character varying} keep their bare name on PostgreSQL.
 */
public final class ColumnValue {

    private static final List<String> STRINGS = List.of("text", "character varying", "character", "varchar");
    private static final List<String> INTEGERS = List.of(
            "smallint",
            "integer",
            "bigint",
            "smallserial",
            "serial",
            "bigserial",
            "int2",
            "int4",
            "int8",
            "serial2",
            "serial4",
            "serial8");
    private static final List<String> FLOATS =
            List.of("real", "float4", "float", "double precision", "float8", "double");
    private static final List<String> NUMERICS = List.of("numeric", "decimal");
    private static final Pattern SIZED = Pattern.compile("([^(]+)(?:\\(([^)]+)\\))?");

    private final String column;
    private final String dtype;
    private final Integer charSize;
    private final Integer numericPrecision;
    private final Integer numericScale;

    ColumnValue(String column, String dtype, Integer charSize, Integer numericPrecision, Integer numericScale) {
        this.column = column;
        this.dtype = dtype;
        this.charSize = charSize;
        this.numericPrecision = numericPrecision;
        this.numericScale = numericScale;
    }

    /** {@code api.Column.create(name, 'varchar(10)')} and friends: a type as written, size or precision parsed. */
    static ColumnValue fromDescription(String name, String rawType) {
        Matcher matcher = SIZED.matcher(rawType.trim());
        if (!matcher.matches()) {
            return new ColumnValue(name, rawType, null, null, null);
        }
        String type = matcher.group(1).trim();
        if (type.equalsIgnoreCase("string")) {
            type = "text"; // dbt's one type label translation
        }
        String size = matcher.group(2);
        if (size == null) {
            return new ColumnValue(name, type, null, null, null);
        }
        String[] parts = size.split(",");
        try {
            if (parts.length == 1) {
                return new ColumnValue(name, type, Integer.valueOf(parts[0].trim()), null, null);
            }
            return new ColumnValue(
                    name, type, null, Integer.valueOf(parts[0].trim()), Integer.valueOf(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "cannot read the data type '%s' of column '%s': the size is not a number".formatted(rawType, name));
        }
    }

    /** {@code column.name}. */
    public String getName() {
        return column;
    }

    /** {@code column.column}: the name. */
    public String getColumn() {
        return column;
    }

    /** {@code column.dtype}: the type as the catalog names it ({@code character varying}, {@code integer}). */
    public String getDtype() {
        return dtype;
    }

    /** {@code column.char_size}. */
    public Integer getCharSize() {
        return charSize;
    }

    /** {@code column.numeric_precision}. */
    public Integer getNumericPrecision() {
        return numericPrecision;
    }

    /** {@code column.numeric_scale}. */
    public Integer getNumericScale() {
        return numericScale;
    }

    /** {@code column.quoted}: the name in double quotes. */
    public String getQuoted() {
        return "\"" + column + "\"";
    }

    /** {@code column.data_type}: the type to cast to, with its size or precision. */
    public String getDataType() {
        String lower = lower();
        if (lower.equals("text") || (lower.equals("character varying") && charSize == null)) {
            return dtype;
        }
        if (is_string()) {
            return "character varying(%d)".formatted(string_size());
        }
        if (is_numeric() && numericPrecision != null && numericScale != null) {
            return "%s(%d,%d)".formatted(dtype, numericPrecision, numericScale);
        }
        return dtype;
    }

    /** {@code column.expanded_data_type}: the same as {@code data_type} on PostgreSQL. */
    public String getExpandedDataType() {
        return getDataType();
    }

    // The method names below are the ones templates call, so they keep dbt's spelling.

    /** {@code is_string()}. */
    public boolean is_string() {
        return STRINGS.contains(lower());
    }

    /** {@code is_integer()}. */
    public boolean is_integer() {
        return INTEGERS.contains(lower());
    }

    /** {@code is_float()}. */
    public boolean is_float() {
        return FLOATS.contains(lower());
    }

    /** {@code is_numeric()}: numeric or decimal. */
    public boolean is_numeric() {
        return NUMERICS.contains(lower());
    }

    /** {@code is_number()}: integer, numeric or float. */
    public boolean is_number() {
        return is_integer() || is_numeric() || is_float();
    }

    /** {@code string_size()}: the declared length; 256 for text or an unsized string, as dbt answers. */
    public int string_size() {
        if (!is_string()) {
            throw new IllegalArgumentException(
                    "string_size() called on column '%s' of type %s, not a string".formatted(column, dtype));
        }
        return dtype.equals("text") || charSize == null ? 256 : charSize;
    }

    /** {@code can_expand_to(other)}: both strings and the other one longer. */
    public boolean can_expand_to(Object other) {
        return other instanceof ColumnValue that
                && is_string()
                && that.is_string()
                && that.string_size() > string_size();
    }

    /** {@code literal(value)}: {@code value::data_type}. */
    public String literal(Object value) {
        return value + "::" + getDataType();
    }

    private String lower() {
        return dtype.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "<Column %s (%s)>".formatted(column, getDataType());
    }
}
