package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a relation or a query with their exact PostgreSQL types ({@code numeric(10,2)}, {@code character
 * varying(20)}), in column order, as dbt's {@code adapter.get_columns_in_relation} reads them for a unit test.
 * pg_trickle's own {@code __pgt_*} columns are left out: a model never selects them.
 */
final class ColumnTypes {

    private static final String COLUMNS =
            """
            select a.attname, format_type(a.atttypid, a.atttypmod)
            from pg_attribute a
            where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped
            order by a.attnum""";

    private ColumnTypes() {}

    /** The columns of {@code relation}, empty when it does not exist. */
    static Optional<Map<String, String>> ofRelation(Connection connection, Relation relation) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select to_regclass(?) is not null")) {
            exists.setString(1, relation.quoted());
            try (ResultSet rows = exists.executeQuery()) {
                rows.next();
                if (!rows.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(read(connection, relation.quoted()));
    }

    /**
     * The columns {@code sql} gives, read from a temporary view over it: the caller runs this in a transaction it rolls
     * back, so nothing stays.
     */
    static Map<String, String> ofQuery(Connection connection, String sql) throws SQLException {
        String view = "pgtrickle_unit_test_columns";
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop view if exists pg_temp." + view);
            statement.execute("create temporary view %s as %s".formatted(view, sql));
        }
        Map<String, String> columns = read(connection, "pg_temp." + view);
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop view pg_temp." + view);
        }
        return columns;
    }

    private static Map<String, String> read(Connection connection, String relation) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(COLUMNS)) {
            query.setString(1, relation);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (!rows.getString(1).startsWith("__pgt_")) {
                        columns.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return columns;
    }
}
