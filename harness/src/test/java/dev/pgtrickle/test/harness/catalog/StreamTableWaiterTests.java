package dev.pgtrickle.test.harness.catalog;

import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.create;
import static dev.pgtrickle.test.harness.catalog.StreamTableFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StreamTableWaiter")
class StreamTableWaiterTests {

    /** Long enough that a test only finishes early because the waiter gave up early. */
    private static final Duration LONG = Duration.ofMinutes(5);

    private static ProjectDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = StreamTableFixtures.database("StreamTableWaiterTests");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** {@code SELECT id, 100 / amount}: refreshes fail with division by zero once a source row has amount 0. */
    private static StreamTable ratio(String name) {
        return ratio(name, "1h");
    }

    private static StreamTable ratio(String name, String schedule) {
        execute(
                database,
                "CREATE TABLE %s_src (id int PRIMARY KEY, amount int)".formatted(name),
                "INSERT INTO %s_src VALUES (1, 4)".formatted(name));
        return create(database, name, "SELECT id, 100 / amount AS ratio FROM %s_src".formatted(name), schedule, "FULL");
    }

    @Test
    @DisplayName("returns the populated states of several tables")
    void awaitsPopulated() {
        StreamTable first = ratio("pop_a");
        StreamTable second = ratio("pop_b");

        List<StreamTableState> states = StreamTableWaiter.withTimeout(LONG).awaitPopulated(List.of(first, second));

        assertThat(states).extracting(StreamTableState::qualifiedName).containsExactly("public.pop_a", "public.pop_b");
        assertThat(states).allMatch(StreamTableState::populated);
    }

    @Test
    @DisplayName("reads several tables through one connection for the whole wait")
    void oneConnectionForSeveralTables() {
        List<String> names = List.of("one_a", "one_b", "one_c");
        names.forEach(StreamTableWaiterTests::ratio);
        AtomicInteger opened = new AtomicInteger();
        ConnectionFactory counting = () -> {
            opened.incrementAndGet();
            return database.connect();
        };
        List<StreamTable> tables =
                names.stream().map(name -> StreamTable.of(counting, name)).toList();
        StreamTableWaiter.withTimeout(LONG).awaitPopulated(tables);
        opened.set(0);

        List<StreamTableState> states = StreamTableWaiter.withTimeout(LONG).awaitPopulated(tables);

        assertThat(states).extracting(StreamTableState::name).containsExactlyElementsOf(names);
        // Populated already: the states when the wait begins and one look, all on the wait's session (was 6).
        assertThat(opened).hasValue(1);
    }

    @Test
    @DisplayName("awaits tables of two databases in one call, reading each on its own database, one session each")
    void tablesOfTwoDatabases() throws InterruptedException {
        ProjectDatabase other = StreamTableFixtures.database("StreamTableWaiterTests-other");
        try {
            // The same name in both databases, with different queries: a table read on the other database's session
            // shows the other query. The one in the other database is created empty and refreshed a moment after the
            // wait began, so the wait pauses, listening on both sessions.
            for (ProjectDatabase each : List.of(database, other)) {
                execute(
                        each,
                        "CREATE TABLE twin_src (id int PRIMARY KEY, amount int)",
                        "INSERT INTO twin_src VALUES (1, 4)");
            }
            create(database, "twin", "SELECT id, amount AS here FROM twin_src", "1h", "FULL");
            execute(
                    other,
                    "SELECT pgtrickle.create_stream_table(name => 'twin', query => 'SELECT id, amount AS there FROM"
                            + " twin_src', schedule => '1h', refresh_mode => 'FULL', initialize => false)");
            AtomicInteger openedHere = new AtomicInteger();
            AtomicInteger openedThere = new AtomicInteger();
            StreamTable here = StreamTable.of(
                    () -> {
                        openedHere.incrementAndGet();
                        return database.connect();
                    },
                    "public.twin");
            StreamTable there = StreamTable.of(
                    () -> {
                        openedThere.incrementAndGet();
                        return other.connect();
                    },
                    "public.twin");
            assertThat(there.state().populated()).as("created empty").isFalse();
            openedThere.set(0);
            Thread refresher = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    StreamTable.of(other, "public.twin").refresh();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            refresher.start();

            List<StreamTableState> states =
                    StreamTableWaiter.withTimeout(Duration.ofSeconds(60)).awaitPopulated(List.of(here, there));
            refresher.join();

            assertThat(states).allMatch(StreamTableState::populated);
            assertThat(states.get(0).definingQuery()).contains("here").doesNotContain("there");
            assertThat(states.get(1).definingQuery()).contains("there");
            assertThat(openedHere).as("connections to the first database").hasValue(1);
            assertThat(openedThere).as("connections to the second database").hasValue(1);
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("returns once the table was refreshed after the given moment")
    void awaitsRefreshAfter() {
        StreamTable table = ratio("after");
        Instant before = table.state().observedAt();
        table.refresh();

        StreamTableState state = StreamTableWaiter.withTimeout(LONG).awaitRefreshAfter(table, before);

        assertThat(state.lastRefreshAt())
                .hasValueSatisfying(at -> assertThat(at).isAfter(before));
    }

    @Test
    @DisplayName("fails fast, with status, last error and history, when a scheduled refresh turns the table ERROR")
    void failsFastOnError() {
        StreamTable table = ratio("broken", "1s");
        // Every scheduled refresh (due each second) from now on divides by zero; era B puts the table into ERROR.
        execute(database, "INSERT INTO broken_src VALUES (2, 0)");
        Instant before = table.state().observedAt();
        Instant start = Instant.now();

        StreamTableFailedException failure =
                catchThrowableOfType(StreamTableFailedException.class, () -> StreamTableWaiter.withTimeout(LONG)
                        .awaitRefreshAfter(table, before));

        assertThat(Duration.between(start, Instant.now())).isLessThan(LONG.dividedBy(2));
        assertThat(failure.getMessage())
                // "is ERROR" if the scheduler got there before the wait began.
                .containsPattern("^stream table public\\.broken (turned|is) ERROR while waiting until stream table"
                        + " public\\.broken is refreshed after ")
                .contains(" is refreshed after " + before)
                .contains("instead of waiting out the timeout")
                .contains("  status:             ERROR")
                // The scheduler stores its dump of the error report, which names the message.
                .containsPattern("  last error: +ErrorReportWithLevel .*division by zero")
                .contains("  recent refreshes (newest first):")
                .contains("FULL COMPLETED by INITIAL");
        assertThat(failure.lastObserved())
                .singleElement()
                .extracting(StreamTableState::status)
                .isEqualTo("ERROR");
    }

    @Test
    @DisplayName("a condition that holds wins over ill health: waiting for ERROR works")
    void conditionIsCheckedBeforeHealth() {
        StreamTable table = ratio("wanted_error", "1s");
        execute(database, "INSERT INTO wanted_error_src VALUES (2, 0)");

        StreamTableState state = StreamTableWaiter.withTimeout(LONG)
                .awaitState(table, "is in ERROR", observed -> observed.status().equals("ERROR"));

        assertThat(state.lastErrorMessage())
                .hasValueSatisfying(message -> assertThat(message).contains("division by zero"));
    }

    @Test
    @DisplayName("an assertion that fails just before the table turns ERROR gets one more look before fail-fast")
    void assertionRacingTheStatusChangeWins() {
        StreamTable table = ratio("raced_error", "1s");
        execute(database, "INSERT INTO raced_error_src VALUES (2, 0)");
        StreamTableWaiter.withTimeout(LONG)
                .awaitState(table, "is in ERROR", observed -> observed.status().equals("ERROR"));
        // The first attempt fails as if it had read the table a moment before it turned ERROR; the health check that
        // follows sees ERROR. The awaited condition is about that very change, so the wait must not give up on it.
        AtomicInteger attempts = new AtomicInteger();

        StreamTableWaiter.withTimeout(LONG).awaitAsserted(table, "has status ERROR", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new AssertionError("still ACTIVE");
            }
            assertThat(table.state().status()).isEqualTo("ERROR");
        });

        assertThat(attempts).hasValue(2);
    }

    @Test
    @DisplayName("fails fast when consecutive_errors grows while waiting")
    void failsFastWhenErrorsGrow() {
        StreamTable table = ratio("retrying");
        AtomicInteger attempts = new AtomicInteger();

        Throwable failure =
                catchThrowableOfType(StreamTableFailedException.class, () -> StreamTableWaiter.withTimeout(LONG)
                        .awaitAsserted(table, "has no rows", () -> {
                            if (attempts.incrementAndGet() == 1) {
                                // What a retryable scheduled-refresh failure does to the catalog row.
                                execute(
                                        database,
                                        "UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = consecutive_errors + 1"
                                                + " WHERE pgt_name = 'retrying'");
                            }
                            throw new AssertionError("still has rows");
                        }));

        assertThat(failure)
                .hasMessageStartingWith("stream table public.retrying had consecutive_errors grow from 0 to 1 while"
                        + " waiting until stream table public.retrying has no rows");
        // The first attempt, and the one more look it gets after the health check saw the errors grow: no polling.
        assertThat(attempts).hasValue(2);
    }

    @Test
    @DisplayName("FailFast.ON_BROKEN_STATUS waits through growing errors for SUSPENDED, and says how often it tried")
    void waitsThroughGrowingErrorsForSuspended() {
        StreamTable table = ratio("suspending");
        AtomicInteger attempts = new AtomicInteger();

        StreamTableWaiter.withTimeout(LONG)
                .awaitAsserted(table, "has status SUSPENDED", StreamTableWaiter.FailFast.ON_BROKEN_STATUS, () -> {
                    // Errors grow on the first attempts, as failing scheduled refreshes make them, then it suspends.
                    int attempt = attempts.incrementAndGet();
                    execute(
                            database,
                            attempt < 3
                                    ? "UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = consecutive_errors + 1"
                                            + " WHERE pgt_name = 'suspending'"
                                    : "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED'"
                                            + " WHERE pgt_name = 'suspending'");
                    assertThat(table.state().status()).isEqualTo("SUSPENDED");
                });

        assertThat(attempts).hasValue(3);
        assertThat(table.state().consecutiveErrors()).isEqualTo(2);
    }

    @Test
    @DisplayName("FailFast.ON_BROKEN_STATUS still ends the wait on a broken status the condition does not accept")
    void onBrokenStatusStillFailsOnError() {
        StreamTable table = ratio("errored_instead");
        execute(database, "UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR' WHERE pgt_name = 'errored_instead'");

        StreamTableFailedException failure =
                catchThrowableOfType(StreamTableFailedException.class, () -> StreamTableWaiter.withTimeout(LONG)
                        .awaitState(
                                table,
                                "has status SUSPENDED",
                                StreamTableWaiter.FailFast.ON_BROKEN_STATUS,
                                state -> state.status().equals("SUSPENDED")));

        assertThat(failure)
                .hasMessageStartingWith("stream table public.errored_instead is ERROR while waiting until stream table"
                        + " public.errored_instead has status SUSPENDED (gave up after ")
                .hasMessageContaining(", tried once, instead of waiting out the timeout)");
        assertThat(failure.attempts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a timeout shows the last observed state and the assertion's last failure")
    void timeoutShowsLastState() {
        StreamTable table = ratio("slow");

        StreamTableTimeoutException failure = catchThrowableOfType(
                StreamTableTimeoutException.class,
                () -> StreamTableWaiter.withTimeout(Duration.ofSeconds(2)).awaitAsserted(table, "has 5 rows", () -> {
                    throw new AssertionError("expected 5 rows but was 1");
                }));

        assertThat(failure.getMessage())
                .startsWith("timed out after 2.0s waiting until stream table public.slow has 5 rows")
                .contains("last failure:\n  expected 5 rows but was 1")
                .contains("last observed state of public.slow:\n  status:             ACTIVE")
                .containsPattern("has 5 rows \\(tried \\d+ times\\)\n");
        assertThat(failure).hasCauseInstanceOf(AssertionError.class);
        assertThat(failure.lastFailure()).containsSame((AssertionError) failure.getCause());
        assertThat(failure.attempts()).isGreaterThan(1);
        assertThat(failure.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName(
            "a refresh blocked by a lock the test holds: the timeout names the blocked session and the lock's query")
    void timeoutNamesTheBlockingQuery() throws Exception {
        StreamTable table = ratio("locked", "1s");
        execute(database, "INSERT INTO locked_src VALUES (2, 5)");
        StreamTableTimeoutException failure;
        try (java.sql.Connection holder = database.connect();
                java.sql.Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE locked_src IN ACCESS EXCLUSIVE MODE");
            Instant locked = Instant.now();
            failure = catchThrowableOfType(
                    StreamTableTimeoutException.class,
                    () -> StreamTableWaiter.withTimeout(Duration.ofSeconds(4)).awaitRefreshAfter(table, locked));
            holder.rollback();
        }

        assertThat(failure.getMessage())
                .contains("sessions waiting for a lock:")
                .containsPattern("waits for a lock held by session \\d+ \\(idle in transaction for [\\d.]+s\\):"
                        + " 'LOCK TABLE locked_src IN ACCESS EXCLUSIVE MODE'");
    }

    @Test
    @DisplayName("an unknown table fails at once, listing the stream tables")
    void unknownTableFailsAtOnce() {
        ratio("known");

        assertThatThrownBy(() ->
                        StreamTableWaiter.withTimeout(LONG).awaitPopulated(StreamTable.of(database, "public.unknown")))
                .isInstanceOf(UnknownStreamTableException.class)
                .hasMessageContaining("public.known");
    }

    @Test
    @DisplayName("refuses a timeout that is not positive")
    void refusesBadTimeouts() {
        assertThatThrownBy(() -> StreamTableWaiter.withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wait timeout must be positive, was PT0S");
    }
}
