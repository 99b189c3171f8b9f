package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static dev.pgtrickle.test.assertj.TestDatabases.execute;
import static dev.pgtrickle.test.assertj.TestDatabases.streamTable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.catalog.StreamTableTimeoutException;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@DisplayName("StreamTableAssert.eventually()")
class EventuallyTests {

    /** Long enough that a test only finishes early because the assertion gave up early. */
    private static final Duration LONG = Duration.ofMinutes(5);

    private static ProjectDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.create("EventuallyTests");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    @DisplayName("polls until the scheduler has caught up with a source change")
    void passesOnceTheSchedulerRefreshed() {
        execute(
                database,
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric)",
                "INSERT INTO orders VALUES (1, 1, 10)");
        // CALCULATED: the emulated scheduler refreshes whenever a source changed.
        StreamTable totals = streamTable(
                database,
                "totals",
                "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id",
                "calculated",
                "DIFFERENTIAL");
        execute(database, "INSERT INTO orders VALUES (2, 2, 5), (3, 1, 2.5)");

        assertThat(totals)
                .eventually(LONG)
                .hasRowCount(2)
                .containsExactlyInAnyOrder(Row.of(1, "12.5"), Row.of(2, 5))
                .matchesDefiningQuery()
                .isActive();
    }

    @Test
    @DisplayName("fails fast with status, last error and history when the table turns ERROR")
    void failsFastOnError() {
        execute(database, "CREATE TABLE amounts (id int PRIMARY KEY, amount int)", "INSERT INTO amounts VALUES (1, 4)");
        StreamTable ratios =
                streamTable(database, "ratios", "SELECT id, 100 / amount AS ratio FROM amounts", "calculated", "FULL");
        execute(database, "INSERT INTO amounts VALUES (2, 0)");
        Instant start = Instant.now();

        AssertionError error = catchThrowableOfType(
                AssertionError.class, () -> assertThat(ratios).eventually(LONG).hasRowCount(2));

        then(Duration.between(start, Instant.now())).isLessThan(LONG.dividedBy(2));
        // "is ERROR" when the scheduler got there before the wait began, "turned ERROR" when during it.
        then(error.getMessage())
                .startsWith(
                        "\nExpecting stream table public.ratios to eventually satisfy the assertion, but stream table"
                                + " public.ratios ")
                .containsPattern("public\\.ratios (is|turned) ERROR while waiting until stream table public\\.ratios"
                        + " has 2 rows")
                .contains("  status:             ERROR")
                // The scheduler stores its dump of the error report, which names the message.
                .containsPattern("  last error: +ErrorReportWithLevel .*division by zero")
                .contains("  recent refreshes (newest first):");
        // An assertion that expects the failure still works: the condition is checked before the health.
        assertThat(ratios).eventually(LONG).hasStatus("ERROR");
    }

    @Test
    @DisplayName("a timeout shows the assertion's last failure and the last observed state")
    void timeoutShowsLastFailure() {
        execute(database, "CREATE TABLE steady (id int PRIMARY KEY)", "INSERT INTO steady VALUES (1)");
        StreamTable copy = streamTable(database, "steady_copy", "SELECT id FROM steady", "1h", "FULL");

        AssertionError error = catchThrowableOfType(
                AssertionError.class,
                () -> assertThat(copy).eventually(Duration.ofSeconds(2)).hasRowCount(5));

        then(error.getMessage())
                .startsWith("\nExpecting stream table public.steady_copy to eventually satisfy the assertion, but timed"
                        + " out after 2.0s waiting until stream table public.steady_copy has 5 rows (tried ")
                .containsPattern("\\(tried \\d+ times\\)")
                .contains("last failure:\n  Expecting stream table public.steady_copy to have 5 rows but had 1.")
                .contains("last observed state of public.steady_copy:\n  status:             ACTIVE");
        // The last inner failure's actual and expected survive the wait, for IDEs and reports.
        then(error).isInstanceOf(AssertionFailedError.class);
        AssertionFailedError failed = (AssertionFailedError) error;
        then(failed.getActual().getValue()).isEqualTo(1L);
        then(failed.getExpected().getValue()).isEqualTo(5L);
        then(failed.getCause()).isInstanceOf(StreamTableTimeoutException.class);
    }

    @Test
    @DisplayName("waits through a growing error streak for SUSPENDED and for n consecutive errors")
    void waitsForFailure() throws InterruptedException {
        execute(database, "CREATE TABLE flaky_src (id int PRIMARY KEY)", "INSERT INTO flaky_src VALUES (1)");
        StreamTable flaky = streamTable(database, "flaky", "SELECT id FROM flaky_src", "1h", "FULL");
        // What a run of failing scheduled refreshes does to the catalog row: one more error at a time, then SUSPENDED
        // (pg_trickle.max_consecutive_errors).
        Thread failing = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                pause();
                execute(
                        database,
                        "UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = consecutive_errors + 1"
                                + " WHERE pgt_name = 'flaky'");
            }
            pause();
            execute(database, "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED' WHERE pgt_name = 'flaky'");
        });
        failing.start();
        try {
            assertThat(flaky)
                    .eventually(LONG)
                    .hasConsecutiveErrorsAtLeast(2)
                    .hasStatus(StreamTableStatus.SUSPENDED)
                    .hasConsecutiveErrorsAtLeast(3);
        } finally {
            failing.join();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("a table broken before the wait began 'is' broken: the message does not say it turned")
    void brokenFromTheStart() {
        execute(database, "CREATE TABLE gone_src (id int PRIMARY KEY)");
        StreamTable gone = streamTable(database, "gone", "SELECT id FROM gone_src", "1h", "FULL");
        execute(database, "UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR' WHERE pgt_name = 'gone'");

        AssertionError error = catchThrowableOfType(
                AssertionError.class, () -> assertThat(gone).eventually(LONG).hasRowCount(3));

        then(error.getMessage())
                .contains("but stream table public.gone is ERROR while waiting until stream table public.gone has 3"
                        + " rows (gave up after ")
                .containsPattern("tried (once|\\d+ times), instead of waiting out the timeout")
                .contains("last failure:\n  Expecting stream table public.gone to have 3 rows but had 0.");
        then(((AssertionFailedError) error).getActual().getValue()).isEqualTo(0L);
    }
}
