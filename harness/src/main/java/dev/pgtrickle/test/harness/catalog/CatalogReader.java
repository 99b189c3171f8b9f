package dev.pgtrickle.test.harness.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SQL that reads pg_trickle's catalog tables and monitoring view. */
final class CatalogReader {

    private static final String CATALOG = "pgtrickle.pgt_stream_tables";
    private static final String UNDEFINED_TABLE = "42P01";

    private CatalogReader() {}

    static boolean exists(Connection connection, String schema, String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM " + CATALOG + " WHERE pgt_schema = ? AND pgt_name = ?")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw explainMissingCatalog(e);
        }
    }

    static List<String> schemasNamed(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pgt_schema FROM " + CATALOG + " WHERE pgt_name = ? ORDER BY pgt_schema")) {
            statement.setString(1, name);
            return strings(statement);
        } catch (SQLException e) {
            throw explainMissingCatalog(e);
        }
    }

    static List<String> allNames(Connection connection) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT pgt_schema || '.' || pgt_name FROM " + CATALOG + " ORDER BY 1")) {
            return strings(statement);
        }
    }

    static String currentSchema(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_schema()")) {
            return strings(statement).get(0);
        }
    }

    private static List<String> strings(PreparedStatement statement) throws SQLException {
        List<String> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    private static SQLException explainMissingCatalog(SQLException e) {
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
            return new SQLException(
                    "%s does not exist: pg_trickle (or its emulation) is not installed in this database"
                            .formatted(CATALOG),
                    e.getSQLState(),
                    e);
        }
        return e;
    }

    /** The catalog row of {@code schema.name} with its monitoring data; empty when there is no such stream table. */
    static Optional<StreamTableState> state(Connection connection, String schema, String name) throws SQLException {
        boolean view = monitoringViewExists(connection);
        // Era B's formula, for a catalog without the view.
        String staleness = view ? "v.staleness" : "(now() - s.last_refresh_at)";
        String sql = "SELECT s.*, now() AS pgt_observed_at, extract(epoch FROM " + staleness
                + ") AS pgt_observed_staleness, " + (view ? "v.stale" : "NULL::boolean") + " AS pgt_observed_stale, "
                + StalenessRule.allowedSecondsSql("s.schedule") + " AS pgt_observed_allowed_staleness, "
                + StalenessRule.overdueSql(staleness, "s.schedule") + " AS pgt_observed_overdue FROM " + CATALOG + " s"
                + (view
                        ? " LEFT JOIN pgtrickle.pg_stat_stream_tables v"
                                + " ON v.pgt_schema = s.pgt_schema AND v.pgt_name = s.pgt_name"
                        : "")
                + " WHERE s.pgt_schema = ? AND s.pgt_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Set<String> labels = ResultSets.labels(rows.getMetaData());
                boolean stale = rows.getBoolean("pgt_observed_stale");
                Optional<Boolean> staleFlag = rows.wasNull() ? Optional.empty() : Optional.of(stale);
                return Optional.of(new StreamTableState(
                        rows.getString("pgt_schema"),
                        rows.getString("pgt_name"),
                        rows.getString("status"),
                        rows.getBoolean("is_populated"),
                        rows.getInt("consecutive_errors"),
                        labels.contains("last_error_message")
                                ? ResultSets.text(rows, "last_error_message")
                                : Optional.empty(),
                        labels.contains("last_error_at") ? ResultSets.instant(rows, "last_error_at") : Optional.empty(),
                        ResultSets.text(rows, "schedule"),
                        rows.getString("refresh_mode"),
                        rows.getString("defining_query"),
                        ResultSets.text(rows, "original_query"),
                        ResultSets.instant(rows, "data_timestamp"),
                        ResultSets.instant(rows, "last_refresh_at"),
                        ResultSets.seconds(rows, "pgt_observed_staleness"),
                        staleFlag,
                        ResultSets.seconds(rows, "pgt_observed_allowed_staleness"),
                        rows.getBoolean("pgt_observed_overdue"),
                        ResultSets.instant(rows, "pgt_observed_at").orElseGet(Instant::now)));
            }
        } catch (SQLException e) {
            throw explainMissingCatalog(e);
        }
    }

    private static boolean monitoringViewExists(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT to_regclass('pgtrickle.pg_stat_stream_tables') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    static List<RefreshHistoryEntry> history(Connection connection, String schema, String name, int limit)
            throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("history limit must be at least 1, was " + limit);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT h.* FROM pgtrickle.pgt_refresh_history h"
                + " JOIN " + CATALOG + " s ON s.pgt_id = h.pgt_id"
                + " WHERE s.pgt_schema = ? AND s.pgt_name = ? ORDER BY h.refresh_id DESC LIMIT ?")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            statement.setInt(3, limit);
            List<RefreshHistoryEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                Set<String> labels = ResultSets.labels(rows.getMetaData());
                while (rows.next()) {
                    entries.add(new RefreshHistoryEntry(
                            rows.getLong("refresh_id"),
                            rows.getString("action"),
                            rows.getString("status"),
                            labels.contains("initiated_by") ? ResultSets.text(rows, "initiated_by") : Optional.empty(),
                            ResultSets.instant(rows, "start_time").orElseThrow(),
                            ResultSets.instant(rows, "end_time"),
                            rows.getLong("rows_inserted"),
                            rows.getLong("rows_deleted"),
                            ResultSets.text(rows, "error_message")));
                }
            }
            return entries;
        }
    }
}
