package dev.pgtrickle.test.harness.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("pg_trickle emulation install")
class PgTrickleEmulationInstallTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @Test
    @DisplayName("installs into a fresh database, identifies itself, and refuses a second install atomically")
    void installsOnceAndIdentifiesItself() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        try (ProjectDatabase database = ProjectDatabase.create(server, "install", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT pgtrickle.version()")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(PgTrickleEmulation.VERSION_STRING);
            }
            assertThat(database.pgTrickle().emulated()).isTrue();
            assertThat(database.pgTrickle().version()).isEqualTo(PgTrickleEmulation.VERSION);
            assertThat(database.scheduler())
                    .hasValueSatisfying(s -> assertThat(s.isRunning()).isTrue());

            assertThatThrownBy(() -> PgTrickleEmulation.install(connection))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("01-catalog.sql")
                    .hasMessageContaining("already exists");
            // The failed second install left the first one intact.
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pgtrickle.pgt_stream_tables")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    @DisplayName("the scheduler thread stops on close, so the database drops cleanly")
    void schedulerStopsOnClose() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        EmulationScheduler scheduler;
        try (ProjectDatabase database =
                ProjectDatabase.create(server, "scheduler-stop", ProjectDatabase.DEFAULT_TICK)) {
            scheduler = database.scheduler().orElseThrow();
            assertThat(scheduler.isRunning()).isTrue();
        }
        assertThat(scheduler.isRunning()).isFalse();
    }
}
