package dev.pgtrickle.test.harness.catalog;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates stream tables for the catalog tests through {@code pgtrickle.create_stream_table} when the database has the
 * emulation, and through a test-only stand-in catalog ({@code catalog-fixture.sql}) while it does not.
 */
final class StreamTableFixtures {

    private StreamTableFixtures() {}

    static ProjectDatabase database(String label) {
        return ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                label,
                ProjectDatabase.DEFAULT_TICK);
    }

    static void execute(ProjectDatabase database, String... statements) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Create a stream table; {@code schedule} as pg_trickle takes it ({@code 'calculated'} or a duration). */
    static StreamTable create(ProjectDatabase database, String name, String query, String schedule, String mode) {
        try (Connection connection = database.connect()) {
            String function = hasEmulation(connection) ? "pgtrickle.create_stream_table" : fixtureCreate(connection);
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?, ?, ?)")) {
                statement.setString(1, name);
                statement.setString(2, query);
                statement.setString(3, schedule);
                statement.setString(4, mode);
                statement.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return StreamTable.of(database, name);
    }

    /**
     * Let the scheduler run once: the emulation's own scheduler does so by itself; the stand-in catalog needs a call.
     */
    static void schedulerPass(ProjectDatabase database) {
        try (Connection connection = database.connect()) {
            if (!hasEmulation(connection)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pgtrickle_fixture.tick()");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean hasEmulation(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regproc('pgtrickle.create_stream_table') IS NOT NULL"
                        + " OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pgtrickle' AND p.proname = 'create_stream_table')")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static String fixtureCreate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regnamespace('pgtrickle_fixture') IS NOT NULL")) {
            rows.next();
            if (!rows.getBoolean(1)) {
                statement.execute(fixtureSql());
            }
        }
        return "pgtrickle_fixture.create";
    }

    private static String fixtureSql() {
        try (InputStream in = StreamTableFixtures.class.getResourceAsStream("catalog-fixture.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
