package dev.pgtrickle.test.harness.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading JDBC results into normalised rows and optional values. */
final class ResultSets {

    private static final String HIDDEN_PREFIX = "__pgt_";

    private ResultSets() {}

    /** Whether a column is one of pg_trickle's own ({@code __pgt_row_id}, {@code __pgt_count}, ...). */
    static boolean hidden(String column) {
        return column.startsWith(HIDDEN_PREFIX);
    }

    /** All rows of {@code rows}, leaving out {@code __pgt_*} columns. */
    static RowSet read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<Integer> visible = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (!hidden(meta.getColumnLabel(i))) {
                visible.add(i);
                columns.add(meta.getColumnLabel(i));
            }
        }
        List<Row> result = new ArrayList<>();
        while (rows.next()) {
            List<Object> values = new ArrayList<>(visible.size());
            for (int index : visible) {
                values.add(value(rows, meta, index));
            }
            result.add(Row.ofList(values));
        }
        return new RowSet(columns, result);
    }

    /** One value; {@code timestamptz} is read as an instant (pgjdbc would otherwise give a zone-less Timestamp). */
    static Object value(ResultSet rows, ResultSetMetaData meta, int index) throws SQLException {
        if (meta.getColumnType(index) == Types.TIMESTAMP_WITH_TIMEZONE
                || "timestamptz".equals(meta.getColumnTypeName(index))) {
            OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        return rows.getObject(index);
    }

    static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    static Optional<String> text(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getString(column));
    }

    /** Column labels of a result, for reading optional catalog columns that older pg_trickle versions lack. */
    static Set<String> labels(ResultSetMetaData meta) throws SQLException {
        Set<String> labels = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i));
        }
        return labels;
    }

    static Optional<Duration> seconds(ResultSet rows, String column) throws SQLException {
        BigDecimal value = rows.getBigDecimal(column);
        return value == null
                ? Optional.empty()
                : Optional.of(Duration.ofNanos(value.movePointRight(9).longValue()));
    }
}
