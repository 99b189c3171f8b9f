package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.Relation;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of a unit test's rows, as dbt's {@code get_fixture_sql} and {@code get_expected_sql} write it: one {@code
 * select} per row, {@code union all} between them, each value cast to its column's type, so {@code 1} in a fixture is
 * the integer its column holds and compares as one. Column names match case-insensitively, as in dbt.
 */
final class FixtureSql {

    private FixtureSql() {}

    /** A column name the rows use that the relation does not have. */
    static final class UnknownColumn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownColumn(String column, Map<String, String> columns) {
            super("column '%s' does not exist there; its columns are: %s"
                    .formatted(column, String.join(", ", columns.keySet())));
        }
    }

    /**
     * An input's rows with every column of {@code columns}: the ones a row leaves out are NULL of their type.
     *
     * @throws UnknownColumn when a row names a column {@code columns} does not have
     */
    static String input(List<Map<String, Object>> rows, Map<String, String> columns) {
        Map<String, String> byLowerName = lowerNames(columns);
        if (rows.isEmpty()) {
            return "select "
                    + columns.entrySet().stream()
                            .map(column ->
                                    "cast(null as %s) as %s".formatted(column.getValue(), quote(column.getKey())))
                            .collect(Collectors.joining(", "))
                    + " limit 0";
        }
        List<String> selects = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> values = byColumn(row, byLowerName, columns);
            selects.add("select "
                    + columns.entrySet().stream()
                            .map(column -> "%s as %s"
                                    .formatted(
                                            cast(values.get(column.getKey()), column.getValue()),
                                            quote(column.getKey())))
                            .collect(Collectors.joining(", ")));
        }
        return String.join("\nunion all\n", selects);
    }

    /**
     * The columns the expected rows name, in the order first named, as the model's own column names.
     *
     * @throws UnknownColumn when a row names a column the model does not give
     */
    static List<String> testedColumns(List<Map<String, Object>> rows, Map<String, String> modelColumns) {
        Map<String, String> byLowerName = lowerNames(modelColumns);
        List<String> tested = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String key : row.keySet()) {
                String column = byLowerName.get(key.toLowerCase(Locale.ROOT));
                if (column == null) {
                    throw new UnknownColumn(key, modelColumns);
                }
                if (!tested.contains(column)) {
                    tested.add(column);
                }
            }
        }
        return tested;
    }

    /** The expected rows over {@code tested} columns, each value cast to the type the model gives that column. */
    static String expected(List<Map<String, Object>> rows, List<String> tested, Map<String, String> modelColumns) {
        Map<String, String> byLowerName = lowerNames(modelColumns);
        List<String> selects = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> values = byColumn(row, byLowerName, modelColumns);
            selects.add("select "
                    + tested.stream()
                            .map(column -> "%s as %s"
                                    .formatted(cast(values.get(column), modelColumns.get(column)), quote(column)))
                            .collect(Collectors.joining(", ")));
        }
        return String.join("\nunion all\n", selects);
    }

    private static Map<String, Object> byColumn(
            Map<String, Object> row, Map<String, String> byLowerName, Map<String, String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.forEach((key, value) -> {
            String column = byLowerName.get(key.toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new UnknownColumn(key, columns);
            }
            values.put(column, value);
        });
        return values;
    }

    private static Map<String, String> lowerNames(Map<String, String> columns) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        columns.keySet().forEach(column -> byLowerName.putIfAbsent(column.toLowerCase(Locale.ROOT), column));
        return byLowerName;
    }

    /**
     * A value as dbt's {@code format_row} writes it: text quoted (and, for {@code character varying(n)}, cast to
     * unbounded {@code character varying} so nothing is cut silently), numbers and booleans as written, NULL as null.
     * A date YAML read unquoted is written as its ISO text (dbt would write it unquoted and fail).
     */
    static String cast(Object value, String type) {
        if (value == null) {
            return "cast(null as %s)".formatted(type);
        }
        String literal;
        String castTo = type;
        if (value instanceof Number || value instanceof Boolean) {
            literal = String.valueOf(value);
        } else {
            String text = value instanceof Date date ? isoText(date) : String.valueOf(value);
            literal = "'" + text.replace("'", "''") + "'";
            if (type.contains("varying")) {
                castTo = type.replaceFirst("\\(.*$", "");
            }
        }
        return "cast(%s as %s)".formatted(literal, castTo);
    }

    private static String isoText(Date date) {
        LocalDateTime utc = LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
        return utc.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                ? utc.toLocalDate().toString()
                : utc.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    static String quote(String column) {
        return Relation.quote(column);
    }
}
