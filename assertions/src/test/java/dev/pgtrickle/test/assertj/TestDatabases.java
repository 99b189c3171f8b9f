package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Project databases with pg_trickle (the emulation on the embedded backend) and stream tables for the tests. */
final class TestDatabases {

    private TestDatabases() {}

    static ProjectDatabase create(String label) {
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

    /** {@code pgtrickle.create_stream_table(name, query, schedule, refresh_mode, initialize)}. */
    static StreamTable streamTable(
            ProjectDatabase database, String name, String query, String schedule, String mode, boolean initialize) {
        try (Connection connection = database.connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT pgtrickle.create_stream_table(?, ?, ?, ?, ?)")) {
            statement.setString(1, name);
            statement.setString(2, query);
            statement.setString(3, schedule);
            statement.setString(4, mode);
            statement.setBoolean(5, initialize);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return StreamTable.of(database, name);
    }

    static StreamTable streamTable(ProjectDatabase database, String name, String query, String schedule, String mode) {
        return streamTable(database, name, query, schedule, mode, true);
    }
}
