package dev.pgtrickle.test.harness.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The database a model is being built in, as the render-time calls ({@code run_query}, {@code statement}, {@code
 * adapter.get_columns_in_relation}, ...) reach it. Statements run on the build's own connection, in auto-commit
 * mode, as dbt runs them on the model's connection; a refused statement fails the node being rendered with the
 * database's message.
 */
final class LiveDatabase {

    /** What a statement answered: its rows (empty unless fetched) and the database's status line. */
    record Answer(AgateTable table, String status, long rowsAffected) {}

    private static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Connection connection;

    LiveDatabase(Connection connection) {
        this.connection = connection;
    }

    /** The build's connection, for the questions the build and the render share ({@code is_incremental()}). */
    Connection connection() {
        return connection;
    }

    /** Run {@code sql}; with {@code fetch}, keep the rows of its last result. */
    Answer execute(String sql, boolean fetch) {
        try (Statement statement = connection.createStatement()) {
            boolean hasRows = statement.execute(sql);
            AgateTable table = AgateTable.empty();
            long affected = 0;
            String status = "OK";
            while (true) {
                if (hasRows) {
                    try (ResultSet rows = statement.getResultSet()) {
                        table = fetch ? read(rows) : AgateTable.empty();
                        status = "SELECT";
                    }
                } else {
                    long count = statement.getLargeUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    affected = count;
                }
                hasRows = statement.getMoreResults();
            }
            return new Answer(table, status, affected);
        } catch (SQLException e) {
            throw new IllegalArgumentException("the database refused a query asked while rendering %s: %s"
                    .formatted(RenderScope.current().nodeName, e.getMessage().strip()));
        }
    }

    /** The columns of a table or view, in their order; empty when it does not exist (as dbt answers). */
    List<ColumnValue> columns(String schema, String identifier) {
        String sql =
                """
                select a.attname, format_type(a.atttypid, null),
                       information_schema._pg_char_max_length(a.atttypid, a.atttypmod),
                       information_schema._pg_numeric_precision(a.atttypid, a.atttypmod),
                       information_schema._pg_numeric_scale(a.atttypid, a.atttypmod)
                from pg_attribute a
                join pg_class c on c.oid = a.attrelid
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped
                order by a.attnum""";
        List<ColumnValue> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, identifier);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(2);
                    boolean numeric = type.equals("numeric");
                    columns.add(new ColumnValue(
                            rows.getString(1),
                            type,
                            (Integer) rows.getObject(3),
                            numeric ? (Integer) rows.getObject(4) : null,
                            numeric ? (Integer) rows.getObject(5) : null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read the columns of %s.%s: %s"
                    .formatted(schema, identifier, e.getMessage().strip()));
        }
        return columns;
    }

    /** dbt's relation type ({@code table}, {@code view}, {@code materialized_view}) of a relation, if it exists. */
    Optional<String> relationType(String schema, String identifier) {
        String sql =
                """
                select case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'p', 'v', 'm', 'f')""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, identifier);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot look up %s.%s: %s"
                    .formatted(schema, identifier, e.getMessage().strip()));
        }
    }

    private static AgateTable read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        List<List<Object>> values = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= names.size(); i++) {
                row.add(value(rows, i, meta.getColumnType(i)));
            }
            values.add(row);
        }
        return new AgateTable(names, values);
    }

    /**
     * A value as a template should see it: whole numbers as integers (agate's decimals print without a fraction),
     * timestamps as Python prints them ({@code 2024-01-31 12:00:00}), the rest as the driver gives it or as text.
     */
    private static Object value(ResultSet rows, int column, int type) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            return null;
        }
        switch (type) {
            case Types.TIMESTAMP -> {
                return pythonDateTime(
                        rows.getObject(column, LocalDateTime.class).toString());
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
                String offset = time.getOffset().getId();
                return pythonDateTime(time.toLocalDateTime().toString()) + ("Z".equals(offset) ? "+00:00" : offset);
            }
            case Types.DATE -> {
                return rows.getDate(column).toLocalDate();
            }
            default -> {
                // fall through to the value checks below
            }
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return stripped.longValueExact();
            }
            return decimal;
        }
        if (value instanceof BigInteger
                || value instanceof Long
                || value instanceof Double
                || value instanceof Float
                || value instanceof Boolean
                || value instanceof String) {
            return value;
        }
        return rows.getString(column);
    }

    /** {@code 2024-01-31T12:00} as Python's {@code str(datetime)}: {@code 2024-01-31 12:00:00}. */
    private static String pythonDateTime(String iso) {
        LocalDateTime time = LocalDateTime.parse(iso);
        String text = time.format(PYTHON_DATETIME);
        int micros = time.getNano() / 1000;
        return micros == 0 ? text : text + ".%06d".formatted(micros);
    }
}
