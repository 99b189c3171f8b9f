package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("embedded backend")
class EmbeddedBackendTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @Test
    @DisplayName("serves PostgreSQL 18 with the pg_trickle emulation in a database of its own")
    void servesPostgres18WithEmulation() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        try (ProjectDatabase database =
                        ProjectDatabase.create(server, "EmbeddedBackendTests", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT current_setting('server_version_num')::int, current_database()")) {
            rows.next();
            assertThat(rows.getInt(1)).isBetween(180000, 189999);
            assertThat(rows.getString(2)).isEqualTo(database.name()).startsWith("pgt_embeddedbackendtests_");
            assertThat(database.pgTrickle().emulated()).isTrue();
        }
    }

    @Test
    @DisplayName("runs when the JVM is root, as CI here does (PostgreSQL itself refuses root)")
    void runsUnderTheCurrentUserIncludingRoot() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        try (ProjectDatabase database = ProjectDatabase.create(server, "root", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
        }
        // Documented for the reader of the report: the user the JVM ran as when this passed.
        System.out.println("embedded backend ran with JVM user " + System.getProperty("user.name"));
    }

    @Test
    @DisplayName("two project databases do not see each other's tables, and a closed one is dropped")
    void databasesAreIsolatedAndDropped() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        String firstName;
        try (ProjectDatabase first = ProjectDatabase.create(server, "first", ProjectDatabase.DEFAULT_TICK);
                ProjectDatabase second = ProjectDatabase.create(server, "second", ProjectDatabase.DEFAULT_TICK);
                Connection a = first.connect();
                Connection b = second.connect();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            firstName = first.name();
            sa.execute("CREATE TABLE only_in_first (id int)");
            try (ResultSet rows = sb.executeQuery("SELECT to_regclass('public.only_in_first') IS NULL")) {
                rows.next();
                assertThat(rows.getBoolean(1)).isTrue();
            }
        }
        ProjectDatabase.awaitDropped(server, Duration.ofMinutes(1)); // dropped in the background
        try (Connection admin = java.sql.DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname = '" + firstName + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    @DisplayName("the start-up log line names the backend, PostgreSQL's version and the emulated pg_trickle")
    void logLineNamesBackend() {
        PostgresServer server = SharedServers.acquire(EMBEDDED);

        assertThat(SharedServers.backendLine(server))
                .matches("pgtrickle-test backend: embedded \\(embedded PostgreSQL on 127\\.0\\.0\\.1:\\d+\\),"
                        + " PostgreSQL 18\\.\\d+, pg_trickle 0\\.67\\.0 emulated by pgtrickle-test");
    }

    @Test
    @DisplayName("classes running in parallel share one server and each work in a database of their own")
    void parallelProjectsAreIsolated() throws Exception {
        int projects = 4;
        ExecutorService pool = Executors.newFixedThreadPool(projects);
        try {
            List<Future<String>> results = new ArrayList<>();
            Set<PostgresServer> servers = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < projects; i++) {
                int project = i;
                results.add(pool.submit(() -> {
                    PostgresServer server = SharedServers.acquire(EMBEDDED);
                    servers.add(server);
                    try (ProjectDatabase database =
                                    ProjectDatabase.create(server, "parallel" + project, ProjectDatabase.DEFAULT_TICK);
                            Connection connection = database.connect();
                            Statement statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE shared_name (project int)");
                        statement.execute("INSERT INTO shared_name VALUES (" + project + ")");
                        try (ResultSet rows =
                                statement.executeQuery("SELECT string_agg(project::text, ',') FROM shared_name")) {
                            rows.next();
                            return rows.getString(1);
                        }
                    }
                }));
            }
            for (int i = 0; i < projects; i++) {
                assertThat(results.get(i).get(2, TimeUnit.MINUTES)).isEqualTo(Integer.toString(i));
            }
            assertThat(servers).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
