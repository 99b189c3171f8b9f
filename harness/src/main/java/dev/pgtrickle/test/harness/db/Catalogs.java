package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * One column of a relation: its name as stored and its type as PostgreSQL prints it with the modifier
     * ({@code format_type}: {@code character varying(20)}, {@code numeric(10,2)}, {@code integer[]}).
     */
    public record Column(String name, String type) {

        private static final Pattern VARCHAR = Pattern.compile("character varying\\((\\d+)\\)");

        /** The length of a {@code character varying(n)} column; empty for any other type (unbounded text too). */
        public OptionalInt varcharLength() {
            Matcher match = VARCHAR.matcher(type);
            return match.matches() ? OptionalInt.of(Integer.parseInt(match.group(1))) : OptionalInt.empty();
        }
    }

    /**
     * The columns of {@code relation} in their order. {@code relation} is read as SQL reads a relation name
     * ({@code "schema"."name"}, or an unqualified name for a temporary table).
     */
    public static List<Column> columns(Connection connection, String relation) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass"
                        + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            statement.setString(1, relation);
            List<Column> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(new Column(rows.getString(1), rows.getString(2)));
                }
            }
            return columns;
        }
    }
}
