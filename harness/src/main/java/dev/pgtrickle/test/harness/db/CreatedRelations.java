package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The ledger of relations the harness created in a database it did not create itself (an external database marked
 * disposable), so that it never drops, empties or replaces a relation somebody else made under a project's name.
 *
 * <p>The ledger is a table in a schema of the harness's own, written in the same transaction as each create, and it
 * exists only where {@link #install} put it: in a database the harness created there is no ledger, nothing is
 * recorded and nothing is checked, because everything in such a database is the harness's. Each entry keeps the
 * relation's oid, so a relation the user dropped and made again under the same name counts as the user's.
 */
public final class CreatedRelations {

    /** The harness's own schema in a disposable database. */
    public static final String SCHEMA = "pgtrickle_test_ledger";

    private static final String TABLE = SCHEMA + ".created_relations";

    /** Two sessions installing the ledger at once: the loser sees one of these, and the winner's ledger serves both. */
    private static final Set<String> CONCURRENT_CREATE = Set.of("23505", "42P06", "42P07");

    private CreatedRelations() {}

    /** Create the ledger in the connection's database unless it is there (a second run finds its first run's). */
    public static void install(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (schema_name text NOT NULL,"
                    + " relation_name text NOT NULL, kind text NOT NULL, relid oid NOT NULL,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (schema_name, relation_name))");
        } catch (SQLException e) {
            if (!CONCURRENT_CREATE.contains(e.getSQLState())) {
                throw e;
            }
        }
    }

    /**
     * Note that the harness just created (or replaced) {@code schema.name}, inside the caller's transaction so that
     * the entry and the relation commit or roll back together. Without a ledger this does nothing.
     *
     * @param kind what was created ({@code table}, {@code view}, {@code seed}, {@code stream_table}), for a reader
     */
    public static void record(Connection connection, String schema, String name, String kind) throws SQLException {
        if (!present(connection)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + TABLE
                + " (schema_name, relation_name, kind, relid) SELECT n.nspname, c.relname, ?, c.oid FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " ON CONFLICT (schema_name, relation_name) DO UPDATE SET kind = EXCLUDED.kind,"
                + " relid = EXCLUDED.relid, created_at = now()")) {
            statement.setString(1, kind);
            statement.setString(2, schema);
            statement.setString(3, name);
            statement.executeUpdate();
        }
    }

    /**
     * Fail unless the existing relation {@code schema.name} is one the harness created: the caller is about to drop,
     * empty or replace it. Without a ledger (a database the harness created) every relation passes.
     *
     * @throws SQLException naming the relation, the database and the ways out; the caller reports it as the node's
     *     error
     */
    public static void requireCreatedByHarness(Connection connection, String schema, String name) throws SQLException {
        if (!present(connection)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database(), EXISTS (SELECT 1"
                + " FROM " + TABLE + " l JOIN pg_class c ON c.oid = l.relid JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = ? AND c.relname = ?)")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (!rows.getBoolean(2)) {
                    throw new SQLException(("\"%s\".\"%s\" already exists in database %s and pgtrickle-test did not"
                                    + " create it, so it will not drop, empty or replace it; drop or rename it"
                                    + " yourself, build the project into another schema (or alias), or let the harness"
                                    + " create a database of its own (grant CREATEDB)")
                            .formatted(schema, name, rows.getString(1)));
                }
            }
        }
    }

    private static boolean present(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, TABLE);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
