package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    @DisplayName("a server started from the cluster cache finds the template and a project database baked in; taking it"
            + " orders more")
    void bakedIntoTheCachedCluster(@TempDir Path cacheFolder) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(new ClusterCache(cacheFolder, 0))) {
            assertThat(databases(server))
                    .contains(EmulationTemplates.BAKED_TEMPLATE, EmulationTemplates.BAKED_SPARE + 1)
                    .filteredOn(name -> name.startsWith("pgtrickle_spare_"))
                    .hasSize(EmulationTemplates.BAKED_SPARES);
            assertThat(EmulationTemplates.templateFor(server)).contains(EmulationTemplates.BAKED_TEMPLATE);
            try (ProjectDatabase first = ProjectDatabase.create(server, "baked_a", ProjectDatabase.DEFAULT_TICK)) {
                assertThat(databases(server)).contains(first.name()).doesNotContain(EmulationTemplates.BAKED_SPARE + 1);
                assertThat(first.pgTrickle().emulated()).isTrue();
                assertThat(setting(first, "pg_trickle.enabled")).isEqualTo("on");
                try (ProjectDatabase second = ProjectDatabase.create(server, "baked_b", ProjectDatabase.DEFAULT_TICK)) {
                    assertThat(count(second, "pgtrickle.pgt_stream_tables")).isZero();
                    Awaitility.await()
                            .atMost(Duration.ofMinutes(2))
                            .until(() -> databases(server).stream()
                                            .filter(name -> name.startsWith("pgtrickle_spare_"))
                                            .count()
                                    >= 1);
                }
            }
        }
    }

    static List<String> databases(PostgresServer server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
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
