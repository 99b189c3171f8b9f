package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract tests' only way into the database: plain SQL over one JDBC connection working in a schema of its own.
 * Nothing here knows whether pg_trickle is real or emulated.
 */
final class ContractDatabase implements AutoCloseable {

    private final Connection connection;
    private final String schema;
    private final PgTrickleInfo pgTrickle;

    ContractDatabase(Connection connection, String schema, PgTrickleInfo pgTrickle) throws SQLException {
        this.connection = connection;
        this.schema = schema;
        this.pgTrickle = pgTrickle;
        execute("CREATE SCHEMA " + schema);
        execute("SET search_path = " + schema + ", public");
    }

    /** The test's own schema, also first on the search_path (so it is current_schema()). */
    String schema() {
        return schema;
    }

    /** {@code schema.name} for a relation in the test's schema. */
    String qualified(String name) {
        return schema + "." + name;
    }

    Connection connection() {
        return connection;
    }

    /** The pg_trickle this database has (real or emulated), for tests whose behaviour changed between versions. */
    PgTrickleInfo pgTrickle() {
        return pgTrickle;
    }

    /**
     * Replace {@code {s}} with the test's schema. Defining queries must qualify their tables, as dbt does: the
     * scheduler refreshes with its own search_path, not the test's.
     */
    String expand(String sql) {
        return sql.replace("{s}", schema);
    }

    /** Run SQL and return the INFO/NOTICE/WARNING messages the server sent. */
    List<String> execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(expand(sql));
            List<String> messages = new ArrayList<>();
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                messages.add(w.getMessage());
            }
            return messages;
        }
    }

    /** Rows of a query, column label to value, in order. */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(expand(sql))) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rows.getObject(i);
                    row.put(meta.getColumnLabel(i), value instanceof Timestamp ts ? ts.toInstant() : value);
                }
                result.add(row);
            }
            return result;
        }
    }

    /** The single row of a query. */
    Map<String, Object> row(String sql) throws SQLException {
        List<Map<String, Object>> rows = rows(sql);
        assertThat(rows).as("rows of %s", sql).hasSize(1);
        return rows.get(0);
    }

    /** The single value of a query. */
    Object value(String sql) throws SQLException {
        Map<String, Object> row = row(sql);
        assertThat(row).as("columns of %s", sql).hasSize(1);
        return row.values().iterator().next();
    }

    long count(String sql) throws SQLException {
        return ((Number) value("SELECT count(*) FROM (" + sql + ") counted")).longValue();
    }

    /** The error a statement raises; fails the test when it succeeds. */
    SQLException error(String sql) {
        try {
            execute(sql);
        } catch (SQLException e) {
            return e;
        }
        return fail("expected an error from: " + sql);
    }

    /** The catalog row of a stream table in the test's schema. */
    Map<String, Object> catalog(String name) throws SQLException {
        return row("SELECT * FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '%s' AND pgt_name = '%s'"
                .formatted(schema, name));
    }

    /** History rows of a stream table in the test's schema, oldest first. */
    List<Map<String, Object>> history(String name) throws SQLException {
        return rows(("SELECT h.* FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables st"
                        + " USING (pgt_id) WHERE st.pgt_schema = '%s' AND st.pgt_name = '%s' ORDER BY h.refresh_id")
                .formatted(schema, name));
    }

    /**
     * Whether the stream table's user columns hold exactly the multiset the query returns (symmetric EXCEPT ALL), the
     * check upstream's own tests use.
     */
    boolean matches(String streamTable, String columns, String query) throws SQLException {
        String stored = "SELECT %s FROM %s".formatted(columns, qualified(streamTable));
        long differences =
                count("(%s EXCEPT ALL (%s)) UNION ALL ((%s) EXCEPT ALL %s)".formatted(stored, query, query, stored));
        return differences == 0;
    }

    /** Drop every stream table the test created, downstream first, so the scheduler stops working on them. */
    @Override
    public void close() throws SQLException {
        try {
            for (Map<String, Object> st : rows(
                    "SELECT pgt_schema || '.' || pgt_name AS name FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '"
                            + schema + "' ORDER BY pgt_id DESC")) {
                String name = (String) st.get("name");
                if (value("SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE pgt_schema || '.' || pgt_name = '"
                                + name + "'")
                        .equals(1L)) {
                    // drop_stream_table has a cascade argument only since 0.15.0; downstream-first order makes it
                    // unnecessary here anyway.
                    execute(
                            pgTrickle.dropHasCascade()
                                    ? "SELECT pgtrickle.drop_stream_table('" + name + "', true)"
                                    : "SELECT pgtrickle.drop_stream_table('" + name + "')");
                }
            }
        } finally {
            connection.close();
        }
    }
}
