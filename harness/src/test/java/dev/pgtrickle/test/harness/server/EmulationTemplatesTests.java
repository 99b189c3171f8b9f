package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("project databases cloned from the emulation template")
class EmulationTemplatesTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @Test
    @DisplayName(
            "each clone has the emulation, its database settings and empty catalogs of its own; the template refuses"
                    + " connections")
    void clonesStartAsAFreshInstall() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        String template = EmulationTemplates.templateFor(server).orElseThrow();
        try (ProjectDatabase first = ProjectDatabase.create(server, "clone_a", ProjectDatabase.DEFAULT_TICK);
                ProjectDatabase second = ProjectDatabase.create(server, "clone_b", ProjectDatabase.DEFAULT_TICK)) {
            assertThat(first.pgTrickle().emulated()).isTrue();
            assertThat(second.pgTrickle()).isEqualTo(first.pgTrickle());
            try (Connection connection = first.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE src (id int PRIMARY KEY, n int)");
                statement.execute("INSERT INTO src VALUES (1, 10)");
                statement.execute("SELECT pgtrickle.create_stream_table('st', 'SELECT id, n FROM src', '1s', 'FULL')");
            }

            assertThat(setting(first, "pg_trickle.enabled")).isEqualTo("on");
            assertThat(setting(second, "pg_trickle.max_consecutive_errors")).isEqualTo("3");
            assertThat(count(first, "pgtrickle.pgt_stream_tables")).isEqualTo(1);
            assertThat(count(first, "st")).isEqualTo(1);
            assertThat(count(second, "pgtrickle.pgt_stream_tables")).isZero();
            assertThat(count(second, "pgtrickle_changes.source_versions")).isZero();
            assertThat(count(second, "pgtrickle.pgt_refresh_history")).isZero();
        }
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT datallowconn FROM pg_database WHERE datname = '" + template + "'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).isFalse();
        }
        assertThat(EmulationTemplates.templateFor(server)).contains(template);
    }

    private static String setting(ProjectDatabase database, String name) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "', true)")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long count(ProjectDatabase database, String table) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
