package dev.pgtrickle.test.harness.emulation;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The emulation's change capture: which statements count as a change, which relations get triggers, and when the
 * triggers go away. The scheduler ticks only once an hour here, so {@code _emulation_tick()} is called by hand.
 */
@DisplayName("pg_trickle emulation: change capture")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulationCaptureTests {

    private ProjectDatabase database;
    private Connection connection;

    @BeforeAll
    void createDatabase() throws SQLException {
        PostgresServer server = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        database = ProjectDatabase.create(server, "capture", Duration.ofHours(1));
        connection = database.connect();
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The action of the newest history row of a stream table, after one scheduler tick. */
    private String tickAndLastAction(String name) throws SQLException {
        execute("UPDATE pgtrickle.pgt_stream_tables SET last_refresh_at = last_refresh_at - interval '1 hour'"
                + " WHERE pgt_name = '" + name + "'");
        execute("SELECT pgtrickle._emulation_tick()");
        return text("SELECT action FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables st"
                + " USING (pgt_id) WHERE st.pgt_name = '" + name + "' ORDER BY refresh_id DESC LIMIT 1");
    }

    @Test
    @DisplayName("a statement that changes no row is not a change; TRUNCATE is")
    void emptyStatementsAreNotChanges() throws SQLException {
        execute("CREATE TABLE public.items (id int PRIMARY KEY, v int)");
        execute("INSERT INTO public.items VALUES (1, 1)");
        execute("SELECT pgtrickle.create_stream_table('public.items_st', 'SELECT id, v FROM public.items', '1s',"
                + " 'DIFFERENTIAL')");
        execute("UPDATE public.items SET v = 2 WHERE false");
        execute("DELETE FROM public.items WHERE id = 42");
        assertThat(tickAndLastAction("items_st")).isEqualTo("NO_DATA");
        execute("UPDATE public.items SET v = 3");
        assertThat(tickAndLastAction("items_st")).isEqualTo("DIFFERENTIAL");
        execute("TRUNCATE public.items");
        assertThat(tickAndLastAction("items_st")).isEqualTo("DIFFERENTIAL");
        assertThat(text("SELECT count(*) FROM public.items_st")).isEqualTo("0");
    }

    @Test
    @DisplayName("partitioned sources are captured at the partitioned table")
    void partitionedSource() throws SQLException {
        execute("CREATE TABLE public.events (id int, day date) PARTITION BY RANGE (day)");
        execute("CREATE TABLE public.events_2026 PARTITION OF public.events"
                + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
        execute("SELECT pgtrickle.create_stream_table('public.event_count', 'SELECT count(*) AS n FROM public.events',"
                + " '1s', 'DIFFERENTIAL')");
        execute("INSERT INTO public.events_2026 VALUES (1, '2026-03-01'), (2, '2026-04-01')");
        assertThat(tickAndLastAction("event_count")).isEqualTo("DIFFERENTIAL");
        assertThat(text("SELECT n FROM public.event_count")).isEqualTo("2");
    }

    @Test
    @DisplayName("capture triggers are shared and removed with the last stream table reading the source")
    void triggersFollowReaders() throws SQLException {
        execute("CREATE TABLE public.shared_src (id int PRIMARY KEY)");
        String triggers = "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.shared_src'::regclass"
                + " AND tgname LIKE 'pg_trickle_cdc_%'";
        execute("SELECT pgtrickle.create_stream_table('public.reader_a', 'SELECT id FROM public.shared_src')");
        execute(
                "SELECT pgtrickle.create_stream_table('public.reader_b', 'SELECT count(*) AS n FROM public.shared_src')");
        assertThat(text(triggers)).isEqualTo("4");
        execute("SELECT pgtrickle.drop_stream_table('public.reader_a')");
        assertThat(text(triggers)).isEqualTo("4");
        execute("SELECT pgtrickle.drop_stream_table('public.reader_b')");
        assertThat(text(triggers)).isEqualTo("0");
    }
}
