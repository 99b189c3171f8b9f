package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("project databases prepared and dropped in the background")
class DatabaseHousekeeperTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    @DisplayName("after classes one after the other and in parallel, the stop drops every project database; each got a"
            + " database of its own, and a database the harness did not make stays")
    void nothingLeftBehind() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            execute(server, "CREATE DATABASE users_own_db");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (ProjectDatabase database =
                        ProjectDatabase.create(server, "serial", ProjectDatabase.DEFAULT_TICK)) {
                    names.add(database.name());
                    assertThat(databases(server)).contains(database.name());
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> parallel = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    parallel.add(pool.submit(() -> {
                        try (ProjectDatabase database =
                                        ProjectDatabase.create(server, "parallel", ProjectDatabase.DEFAULT_TICK);
                                Connection connection = database.connect();
                                Statement statement = connection.createStatement()) {
                            // A database shared by two classes would already hold the other's table.
                            statement.execute("CREATE TABLE mine (id int)");
                            return database.name();
                        }
                    }));
                }
                for (Future<String> name : parallel) {
                    names.add(name.get());
                }
            } finally {
                pool.shutdown();
            }
            assertThat(names).hasSize(7).doesNotHaveDuplicates();

            // What the server's stop does first, here with the server still up to look at what is left.
            EmulationTemplates.finish(server, WAIT);
            List<String> left = databases(server);
            assertThat(left).doesNotContainAnyElementsOf(names).noneMatch(name -> name.startsWith("pgt_"));
            assertThat(left).contains("users_own_db", "postgres", "template0", "template1");
            assertThat(left.stream().filter(name -> name.startsWith("pgtrickle_spare_")))
                    .hasSizeLessThanOrEqualTo(EmulationTemplates.SPARES);
            assertThat(left.stream().filter(name -> name.startsWith("pgtrickle_template")))
                    .hasSize(1);
        }
    }

    @Test
    @DisplayName("a clone that fails in the background fails the next project database with a clear error")
    void failedCloneSurfaces() throws Exception {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        DatabaseHousekeeper housekeeper = new DatabaseHousekeeper(server, "no_such_template", List.of(), () -> 1);
        try {
            assertThat(housekeeper.take()).isEmpty(); // orders a spare, which cannot be cloned
            housekeeper.awaitSpares(WAIT);
            assertThatThrownBy(housekeeper::take)
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("preparing a project database in the background failed")
                    .hasMessageContaining("TEMPLATE no_such_template")
                    .hasMessageContaining("does not exist");
        } finally {
            housekeeper.finish(WAIT);
        }
    }

    @Test
    @DisplayName("a drop that fails in the background fails the next project database naming the database")
    void failedDropSurfaces() throws Exception {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        DatabaseHousekeeper housekeeper = new DatabaseHousekeeper(server, "unused", List.of(), () -> 0);
        execute(server, "CREATE DATABASE housekeeper_undroppable IS_TEMPLATE true"); // DROP refuses a template
        try {
            housekeeper.dropLater("housekeeper_undroppable", () -> {});
            housekeeper.awaitDrops(WAIT);
            assertThatThrownBy(housekeeper::take)
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("dropping the finished project database housekeeper_undroppable in the"
                            + " background failed")
                    .hasMessageContaining("cannot drop a template database");
        } finally {
            housekeeper.finish(WAIT);
            execute(server, "ALTER DATABASE housekeeper_undroppable IS_TEMPLATE false");
            execute(server, "DROP DATABASE housekeeper_undroppable");
        }
    }

    private static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> databases(PostgresServer server) throws SQLException {
        return EmulationTemplatesTests.databases(server);
    }
}
