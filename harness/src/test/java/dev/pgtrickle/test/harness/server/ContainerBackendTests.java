package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The real pg_trickle image. Skipped without Docker; CI runs it against several image tags with
 * {@code -Dgroups=docker -Dpgtrickle.backend=container -Dpgtrickle.image=...}.
 */
@Tag("docker")
@EnabledIf(
        value = "dev.pgtrickle.test.harness.server.DockerAvailability#isAvailable",
        disabledReason = "no Docker engine: container tests skipped")
@DisplayName("container backend (real pg_trickle image)")
class ContainerBackendTests {

    private static ServerSettings settings;

    @BeforeAll
    static void resolveSettings() {
        settings = ServerSettings.resolve(SettingSource.systemProperties(), SettingSource.environment())
                .withBackend(BackendKind.CONTAINER);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    @Test
    @DisplayName("serves PostgreSQL 18 with the real extension, in the version the image tag names")
    void realExtension() throws SQLException {
        PostgresServer server = SharedServers.acquire(settings);
        try (ProjectDatabase database =
                        ProjectDatabase.create(server, "ContainerBackendTests", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect()) {
            assertThat(server.kind()).isEqualTo(BackendKind.CONTAINER);
            assertThat(server.describe()).contains(settings.containerImage());
            assertThat(Integer.parseInt(single(connection, "SHOW server_version_num")))
                    .isBetween(180000, 189999);
            assertThat(database.pgTrickle().emulated()).isFalse();
            assertThat(database.scheduler()).isEmpty();
            Matcher tag = Pattern.compile(":(\\d+\\.\\d+\\.\\d+)-pg").matcher(settings.containerImage());
            if (tag.find()) {
                assertThat(database.pgTrickle().version()).isEqualTo(tag.group(1));
            }
            assertThat(SharedServers.backendLine(server))
                    .startsWith("pgtrickle-test backend: container (container " + settings.containerImage())
                    .contains("PostgreSQL 18.")
                    .endsWith("(real extension)");
        }
    }

    @Test
    @DisplayName("keeps the image's shared_preload_libraries and applies the test settings")
    void testSettings() throws SQLException {
        PostgresServer server = SharedServers.acquire(settings);
        try (ProjectDatabase database = ProjectDatabase.create(server, "settings", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect()) {
            assertThat(single(connection, "SHOW shared_preload_libraries")).contains("pg_trickle");
            assertThat(single(connection, "SHOW fsync")).isEqualTo("off");
            assertThat(single(connection, "SHOW synchronous_commit")).isEqualTo("off");
            assertThat(single(connection, "SELECT current_setting('pg_trickle.scheduler_interval_ms', true)"))
                    .startsWith("100");
            String backoff = single(connection, "SELECT current_setting('pg_trickle.auto_backoff', true)");
            if (backoff != null) {
                assertThat(backoff).isEqualTo("off");
            }
        }
    }

    @Test
    @DisplayName("the real scheduler picks up a new project database and refreshes a stream table in it")
    void schedulerRefreshesInNewDatabase() throws SQLException {
        PostgresServer server = SharedServers.acquire(settings);
        try (ProjectDatabase database = ProjectDatabase.create(server, "scheduled", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            // Every runnable image (0.14.0 and later) has the launcher that starts one scheduler per database (since
            // 0.2.0); CREATE EXTENSION signals it, and the harness signals it once more (ProjectDatabase).
            statement.execute("CREATE TABLE src (id int PRIMARY KEY, v text)");
            statement.execute("SELECT pgtrickle.create_stream_table('public.mirror', 'SELECT id, v FROM public.src')");
            statement.execute("INSERT INTO src VALUES (1, 'a'), (2, 'b'), (3, 'c')");

            await("pg_trickle scheduler for " + database.name())
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> "t"
                            .equals(single(
                                    connection,
                                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE backend_type = 'pg_trickle"
                                            + " scheduler' AND datname = current_database())")));
            await("stream table public.mirror refreshed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> "3".equals(single(connection, "SELECT count(*) FROM public.mirror")));
        }
    }
}
