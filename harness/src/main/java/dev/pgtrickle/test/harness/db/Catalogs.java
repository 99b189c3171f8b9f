package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Questions to PostgreSQL's own catalog that several harness packages ask before they create or replace something. */
public final class Catalogs {

    private Catalogs() {}

    /**
     * What kind of relation {@code schema.name} is: {@code pg_class.relkind} ({@code r} table, {@code p} partitioned
     * table, {@code v} view, {@code m} materialized view, ...), or empty when nothing of that name exists. Names are
     * matched exactly as stored (no case folding).
     */
    public static Optional<Character> relkind(Connection connection, String schema, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1).charAt(0)) : Optional.empty();
            }
        }
    }
}
