package dev.pgtrickle.test.harness.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("emulated scheduler thread")
class EmulationSchedulerTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @DisplayName("survives connection failures and failing ticks, and refreshes once the database answers again")
    void survivesFailures() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        try (ProjectDatabase database = ProjectDatabase.create(server, "scheduler-failures", Duration.ofHours(1));
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE src (id int PRIMARY KEY)");
            statement.execute("SELECT pgtrickle.create_stream_table('public.ids', 'SELECT id FROM public.src', '1s',"
                    + " 'FULL')");
            statement.execute("INSERT INTO src VALUES (1), (2)");

            AtomicInteger attempts = new AtomicInteger();
            ConnectionFactory flaky = () -> {
                int attempt = attempts.incrementAndGet();
                if (attempt <= 2) {
                    throw new SQLException("simulated: database not reachable (attempt %d)".formatted(attempt));
                }
                Connection tickConnection = database.connect();
                if (attempt == 3) {
                    // A connection on which the tick itself fails: it cannot write.
                    try (Statement s = tickConnection.createStatement()) {
                        s.execute("SET default_transaction_read_only = on");
                    }
                }
                return tickConnection;
            };
            try (EmulationScheduler scheduler =
                    PgTrickleEmulation.startScheduler(database.name(), flaky, Duration.ofMillis(50))) {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(scalar(connection, "SELECT count(*) FROM ids"))
                                .isEqualTo(2));
                assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
                assertThat(scheduler.isRunning()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("refuses a zero tick with a message naming the database")
    void refusesZeroTick() {
        assertThatThrownBy(() -> PgTrickleEmulation.startScheduler("somedb", () -> null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("somedb")
                .hasMessageContaining("positive");
    }

    @Test
    @DisplayName("cron schedules: next occurrence after the last refresh, 5 and 6 fields, @ shortcuts")
    void cronNextOccurrence() throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        try (ProjectDatabase database = ProjectDatabase.create(server, "cron", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
            try (ResultSet result = statement.executeQuery("SELECT"
                    + " pgtrickle._emulation_cron_next('*/5 * * * *', '2026-01-01 10:02:30+00')::text,"
                    + " pgtrickle._emulation_cron_next('0 */2 * * *', '2026-01-01 10:02:30+00')::text,"
                    + " pgtrickle._emulation_cron_next('@daily', '2026-01-01 10:02:30+00')::text,"
                    + " pgtrickle._emulation_cron_next('*/10 * * * * *', '2026-01-01 10:02:30+00')::text,"
                    + " pgtrickle._emulation_cron_next('0 9 * * mon', '2026-01-01 10:02:30+00')::text,"
                    + " pgtrickle._emulation_cron_next('30 8 15 2 *', '2026-01-01 10:02:30+00')::text")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("2026-01-01 10:05:00+00");
                assertThat(result.getString(2)).isEqualTo("2026-01-01 12:00:00+00");
                assertThat(result.getString(3)).isEqualTo("2026-01-02 00:00:00+00");
                assertThat(result.getString(4)).isEqualTo("2026-01-01 10:02:40+00");
                assertThat(result.getString(5)).isEqualTo("2026-01-05 09:00:00+00");
                assertThat(result.getString(6)).isEqualTo("2026-02-15 08:30:00+00");
            }
        }
    }
}
