package dev.pgtrickle.test.harness.catalog;

import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.create;
import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The waiter listening for pg_trickle's alerts. The emulated scheduler of this class's database ticks once at the start
 * and then not for an hour: each test runs a tick itself ({@code pgtrickle._emulation_tick()}, what the scheduler
 * thread calls) when it wants a scheduled refresh, so it knows when the refresh and its alert are committed.
 */
@DisplayName("StreamTableWaiter listening for pg_trickle_alert")
class StreamTableWaiterAlertTests {

    /** A poll interval no test waits out: a wait that ends within half of it was ended by an alert. */
    private static final Duration SLOW_POLL = Duration.ofSeconds(40);

    private static final Duration LONG = Duration.ofMinutes(5);

    private static ProjectDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                "StreamTableWaiterAlertTests",
                Duration.ofHours(1));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static StreamTable table(String name) {
        execute(
                database,
                "CREATE TABLE %s_src (id int PRIMARY KEY, amount int)".formatted(name),
                "INSERT INTO %s_src VALUES (1, 4)".formatted(name));
        return create(database, name, "SELECT id, amount FROM %s_src".formatted(name), "1s", "FULL");
    }

    @Test
    @DisplayName("a wait ends on the scheduler's refresh_completed alert, long before its poll interval would end it")
    void wokenByRefreshAlert() throws Exception {
        StreamTable table = table("woken");
        Instant before = table.state().observedAt();
        CompletableFuture<Void> scheduler = onceListening(() -> {
            // Past the table's 1 s schedule, so the tick refreshes it, and past the waiter's look after its LISTEN.
            pause(Duration.ofMillis(1500));
            sql("SELECT pgtrickle._emulation_tick()");
        });
        long start = System.nanoTime();

        StreamTableState state = StreamTableWaiter.withTimeout(LONG)
                .polling(SLOW_POLL, SLOW_POLL)
                .awaitRefreshAfter(table, before);

        scheduler.get(1, TimeUnit.MINUTES);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLOW_POLL.dividedBy(2));
        assertThat(state.lastRefreshAt())
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
    }

    @Test
    @DisplayName(
            "a change pg_trickle does not announce (a manual refresh) is still seen, by polling; the session is closed")
    void unannouncedChangeIsPolled() throws Exception {
        StreamTable table = table("manual");
        Instant before = table.state().observedAt();
        CompletableFuture<Void> refresh = onceListening(table::refresh);

        StreamTableState state = StreamTableWaiter.withTimeout(LONG)
                .polling(Duration.ofMillis(100), Duration.ofMillis(200))
                .awaitRefreshAfter(table, before);

        refresh.get(1, TimeUnit.MINUTES);
        assertThat(state.lastRefreshAt())
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
        assertThat(table.history(1)).singleElement().satisfies(entry -> assertThat(entry.initiatedBy())
                .contains("MANUAL"));
        awaitNoWaiterSession();
    }

    @Test
    @DisplayName("a wait that never holds still times out with its message, and closes its session")
    void timeoutClosesTheListener() {
        StreamTable table = table("never");

        StreamTableTimeoutException failure = catchThrowableOfType(
                StreamTableTimeoutException.class, () -> StreamTableWaiter.withTimeout(Duration.ofSeconds(2))
                        .awaitState(table, "has 5 rows", state -> false));

        assertThat(failure.getMessage())
                .startsWith("timed out after 2.0s waiting until stream table public.never has 5 rows (tried ")
                .contains("last observed state of public.never:")
                .contains("  status:             ACTIVE");
        assertThat(failure.attempts()).isGreaterThan(2);
        awaitNoWaiterSession();
    }

    @Test
    @DisplayName("pollingOnly() does not listen, and closes its session too")
    void pollingOnlyDoesNotListen() {
        StreamTable table = table("polled");
        AtomicLong most = new AtomicLong();

        StreamTableTimeoutException failure = catchThrowableOfType(
                StreamTableTimeoutException.class, () -> StreamTableWaiter.withTimeout(Duration.ofSeconds(1))
                        .pollingOnly()
                        .awaitAsserted(table, "is never there", () -> {
                            most.accumulateAndGet(listeners(), Math::max);
                            throw new AssertionError("keep waiting");
                        }));

        assertThat(failure.attempts()).isGreaterThan(2);
        assertThat(most.get())
                .as("listening waiter sessions seen while polling")
                .isZero();
        awaitNoWaiterSession();
    }

    /** Sessions of waiters that have run their {@code LISTEN}. */
    private static long listeners() {
        return sessions(WaitSession.LISTENING);
    }

    private static long sessions(String applicationName) {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs {@code change} on another thread once a waiter listens. */
    private static CompletableFuture<Void> onceListening(Runnable change) {
        return CompletableFuture.runAsync(() -> {
            awaitListening();
            change.run();
        });
    }

    /** Until a waiter's session has run its {@code LISTEN} (it is named only afterwards). */
    private static void awaitListening() {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (listeners() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no waiter started listening within " + LONG);
            }
            pause(Duration.ofMillis(20));
        }
    }

    /** A closed connection's backend leaves pg_stat_activity a moment after the client closed it. */
    private static void awaitNoWaiterSession() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waiterSessions() > 0 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(20));
        }
        assertThat(waiterSessions()).as("waiter sessions left open").isZero();
    }

    private static long waiterSessions() {
        return sessions(WaitSession.LISTENING) + sessions(WaitSession.POLLING);
    }

    private static void sql(String sql) {
        execute(database, sql);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
