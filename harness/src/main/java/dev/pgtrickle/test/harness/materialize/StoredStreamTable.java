package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stream table as the server's catalog row {@code pgtrickle.pgt_stream_tables} describes it. Every column the server
 * has is kept, so settings that only newer versions store can be compared when present and skipped when not.
 */
record StoredStreamTable(Relation name, Map<String, Object> columns) {

    StoredStreamTable {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The catalog row for {@code name}, or empty when no such stream table is registered. */
    static Optional<StoredStreamTable> read(Connection connection, Relation name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?")) {
            statement.setString(1, name.schema());
            statement.setString(2, name.identifier());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                ResultSetMetaData meta = rows.getMetaData();
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                return Optional.of(new StoredStreamTable(name, columns));
            }
        }
    }

    /** The query after the server's rewrites. */
    String definingQuery() {
        return text("defining_query").orElse("");
    }

    /** The user's query text, stored only when the server rewrote it. */
    Optional<String> originalQuery() {
        return text("original_query");
    }

    /** The stored schedule; empty is CALCULATED. */
    Optional<String> schedule() {
        return text("schedule");
    }

    /** The stored (resolved) refresh mode, upper case. */
    String refreshMode() {
        return text("refresh_mode").orElse("");
    }

    String status() {
        return text("status").orElse("");
    }

    boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    Optional<Object> value(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    private Optional<String> text(String column) {
        return Optional.ofNullable(columns.get(column)).map(Object::toString);
    }
}
