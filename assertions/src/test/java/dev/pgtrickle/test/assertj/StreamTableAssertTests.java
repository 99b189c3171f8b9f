package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static dev.pgtrickle.test.assertj.TestDatabases.execute;
import static dev.pgtrickle.test.assertj.TestDatabases.streamTable;
import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldBeFresh;
import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldHaveStalenessAtMost;
import static dev.pgtrickle.test.assertj.error.ShouldBeHealthy.shouldBeHealthy;
import static dev.pgtrickle.test.assertj.error.ShouldBePopulated.shouldBePopulated;
import static dev.pgtrickle.test.assertj.error.ShouldContainExactlyRows.shouldContainExactlyRows;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveConsecutiveErrorsAtLeast;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveConsecutiveErrorsAtMost;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveNoConsecutiveErrors;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveNoConsecutiveErrorsButIsBroken;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRowCount.shouldHaveRowCount;
import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveRefreshMode;
import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveSchedule;
import static dev.pgtrickle.test.assertj.error.ShouldHaveStatus.shouldHaveStatus;
import static dev.pgtrickle.test.assertj.error.ShouldHaveTotal.shouldHaveTotal;
import static dev.pgtrickle.test.assertj.error.ShouldHaveTotalsOf.shouldHaveTotalsOf;
import static dev.pgtrickle.test.assertj.error.ShouldMatchDefiningQuery.shouldMatchDefiningQuery;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgtrickle.test.assertj.error.RowDiff;
import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@DisplayName("StreamTableAssert")
class StreamTableAssertTests {

    private static final String TOTALS_QUERY =
            "SELECT customer_id, count(*) AS order_count, sum(amount) AS total_amount"
                    + " FROM raw_orders GROUP BY customer_id";

    private static ProjectDatabase database;
    private static StreamTable totals;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabases.create("StreamTableAssertTests");
        execute(
                database,
                "CREATE TABLE raw_orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2), ordered_on date)",
                "INSERT INTO raw_orders VALUES (1, 1, 10.00, '2026-01-01'), (2, 1, 20.50, '2026-01-02'),"
                        + " (3, 2, 5.00, '2026-01-03')");
        // Hourly, so the emulated scheduler leaves the table alone during the tests.
        totals = streamTable(database, "public.order_totals", TOTALS_QUERY, "1h", "DIFFERENTIAL");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static AssertionError failure(Runnable assertion) {
        return catchThrowableOfType(AssertionError.class, assertion::run);
    }

    @Nested
    @DisplayName("state")
    class State {

        @Test
        void isPopulatedPasses() {
            assertThat(totals).isPopulated().isActive().hasStatus("active");
        }

        @Test
        void isPopulatedFailsOnAnUninitializedTable() {
            StreamTable empty = streamTable(database, "not_filled", "SELECT id FROM raw_orders", "1h", "FULL", false);

            AssertionError error = failure(() -> assertThat(empty).isPopulated());

            then(error).hasMessage(shouldBePopulated(empty.state()).create());
        }

        @Test
        void hasStatusFailsWithTheStatusAndState() {
            StreamTable empty = streamTable(database, "not_active", "SELECT id FROM raw_orders", "1h", "FULL", false);

            AssertionError error = failure(() -> assertThat(empty).isActive());

            then(error).hasMessage(shouldHaveStatus(empty.state(), "ACTIVE").create());
        }

        @Test
        void hasStatusRefusesPaused() {
            assertThatThrownBy(() -> assertThat(totals).hasStatus("PAUSED"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pg_trickle has no PAUSED status (dbt-pgtrickle's 'PAUSED' becomes SUSPENDED);"
                            + " use hasStatus(\"SUSPENDED\")");
            assertThatThrownBy(() -> assertThat(totals).hasStatus("RUNNING"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "'RUNNING' is not a pg_trickle status; use one of INITIALIZING, ACTIVE, SUSPENDED, ERROR");
        }

        @Test
        void consecutiveErrors() {
            StreamTable flaky = streamTable(database, "flaky", "SELECT id FROM raw_orders", "1h", "FULL");
            assertThat(flaky).hasNoConsecutiveErrors().hasConsecutiveErrorsAtMost(0);
            execute(database, "UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = 2 WHERE pgt_name = 'flaky'");

            then(failure(() -> assertThat(flaky).hasNoConsecutiveErrors()))
                    .hasMessage(shouldHaveNoConsecutiveErrors(flaky.state()).create());
            then(failure(() -> assertThat(flaky).hasConsecutiveErrorsAtMost(1)))
                    .hasMessage(
                            shouldHaveConsecutiveErrorsAtMost(flaky.state(), 1).create());
            assertThat(flaky).hasConsecutiveErrorsAtMost(2);
        }

        @Test
        void hasNoConsecutiveErrorsFailsOnAnErrorTableWhoseCounterIsZero() {
            // What pg_trickle does on a permanent refresh error: status ERROR, consecutive_errors left at 0.
            StreamTable errored = streamTable(database, "errored", "SELECT id FROM raw_orders", "1h", "FULL");
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR', last_error_message = 'division by zero',"
                            + " last_error_at = now() WHERE pgt_name = 'errored'");

            AssertionError error = failure(() -> assertThat(errored).hasNoConsecutiveErrors());

            then(error)
                    .hasMessage(shouldHaveNoConsecutiveErrorsButIsBroken(errored.state())
                            .create())
                    .hasMessageContaining("but its status is ERROR (consecutive errors: 0)")
                    .hasMessageContaining("sets ERROR without counting the error in consecutive_errors");
        }

        @Test
        void hasNoConsecutiveErrorsFailsOnASuspendedTable() {
            StreamTable suspended = streamTable(database, "suspended", "SELECT id FROM raw_orders", "1h", "FULL");
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED', consecutive_errors = 3"
                            + " WHERE pgt_name = 'suspended'");

            then(failure(() -> assertThat(suspended).hasNoConsecutiveErrors()))
                    .hasMessage(shouldHaveNoConsecutiveErrorsButIsBroken(suspended.state())
                            .create())
                    .hasMessageContaining("but its status is SUSPENDED (consecutive errors: 3)");
        }

        @Test
        void hasConsecutiveErrorsAtLeast() {
            StreamTable failing = streamTable(database, "failing", "SELECT id FROM raw_orders", "1h", "FULL");
            assertThat(failing).hasConsecutiveErrorsAtLeast(0);
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = 2 WHERE pgt_name = 'failing'");
            assertThat(failing).hasConsecutiveErrorsAtLeast(1).hasConsecutiveErrorsAtLeast(2);

            AssertionFailedError error = catchThrowableOfType(
                    AssertionFailedError.class, () -> assertThat(failing).hasConsecutiveErrorsAtLeast(3));

            then(error)
                    .hasMessage(shouldHaveConsecutiveErrorsAtLeast(failing.state(), 3)
                            .create())
                    .hasMessageContaining("to have at least 3 consecutive errors, but it has 2.");
            then(error.getActual().getValue()).isEqualTo(2);
            then(error.getExpected().getValue()).isEqualTo(3);
        }

        @Test
        void isHealthyPasses() {
            assertThat(totals).isHealthy();
        }

        @Test
        void isHealthyFailsWithTheOneReason() {
            StreamTable errored = streamTable(database, "errored_only", "SELECT id FROM raw_orders", "1h", "FULL");
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR' WHERE pgt_name = 'errored_only'");

            then(failure(() -> assertThat(errored).isHealthy()))
                    .hasMessage(shouldBeHealthy(errored.state(), List.of("its status is ERROR, not ACTIVE"))
                            .create());
        }

        @Test
        void isHealthyListsEveryReasonThatFails() {
            // ERROR, never filled, failing and an hour late on a 1s schedule; the scheduler leaves ERROR tables alone.
            StreamTable sick = streamTable(database, "sick", "SELECT id FROM raw_orders", "1h", "FULL");
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR', is_populated = false,"
                            + " consecutive_errors = 4, schedule = '1s', last_refresh_at = now() - interval '1 hour'"
                            + " WHERE pgt_name = 'sick'");

            String message = failure(() -> assertThat(sick).isHealthy()).getMessage();

            then(message)
                    .startsWith(String.format(
                            "%nExpecting stream table public.sick to be healthy (ACTIVE, populated, no consecutive"
                                    + " errors, not overdue), but:%n"
                                    + "  - its status is ERROR, not ACTIVE%n"
                                    + "  - it is not populated (is_populated is false)%n"
                                    + "  - it has 4 consecutive errors%n"
                                    + "  - it is overdue: last refreshed 60m "))
                    .contains("ago, more than the 1.4s its schedule 1s allows (the schedule plus 2 scheduler"
                            + " intervals)%n  status: ERROR, populated: false, consecutive errors: 4".formatted());
        }

        @Test
        void freshness() {
            assertThat(totals).isFresh().hasStalenessAtMost(Duration.ofMinutes(30));
            // Created hourly (not due), then made a suspended 1s table last refreshed an hour ago: stale, and left
            // alone by the scheduler.
            StreamTable old = streamTable(database, "old", "SELECT id FROM raw_orders", "1h", "FULL");
            execute(
                    database,
                    "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED', schedule = '1s',"
                            + " last_refresh_at = now() - interval '1 hour' WHERE pgt_name = 'old'");

            String stale = failure(() -> assertThat(old).isFresh()).getMessage();
            String tooStale = failure(() -> assertThat(old).hasStalenessAtMost(Duration.ofSeconds(5)))
                    .getMessage();

            // Staleness grows while the test runs: compare the text up to it.
            String freshText = shouldBeFresh(old.state()).create();
            then(stale)
                    .startsWith(freshText.substring(0, freshText.indexOf("last refreshed ")))
                    .contains("it is overdue: last refreshed 60m ");
            String stalenessText = shouldHaveStalenessAtMost(old.state(), Duration.ofSeconds(5))
                    .create();
            then(tooStale)
                    .startsWith(stalenessText.substring(0, stalenessText.indexOf("but was:") + 9))
                    .contains("but was:\n  60m ");
        }

        @Test
        void freshnessAllowsTheSchedulersMargin() {
            // A 10-minute tick, published as pg_trickle.scheduler_interval_ms: a table may be 20 minutes late. Both
            // tables are SUSPENDED so that no scheduler refreshes them while the test reads them.
            ProjectDatabase slow = ProjectDatabase.create(database.server(), "FreshnessMargin", Duration.ofMinutes(10));
            try {
                execute(slow, "CREATE TABLE src (id int)");
                StreamTable late = streamTable(slow, "late", "SELECT id FROM src", "1h", "FULL");
                StreamTable overdue = streamTable(slow, "overdue", "SELECT id FROM src", "1h", "FULL");
                execute(
                        slow,
                        "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED',"
                                + " last_refresh_at = now() - interval '61 minutes' WHERE pgt_name = 'late'",
                        "UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED',"
                                + " last_refresh_at = now() - interval '81 minutes' WHERE pgt_name = 'overdue'");
                then(late.state().stale()).contains(true);

                assertThat(late).isFresh();
                then(failure(() -> assertThat(overdue).isFresh()))
                        .hasMessageContaining("to be fresh, but it is overdue: last refreshed 81m ")
                        .hasMessageContaining(
                                "ago, more than the 80m 0.0s its schedule 1h allows (the schedule plus 2 scheduler"
                                        + " intervals).");
            } finally {
                slow.close();
            }
        }

        @Test
        @DisplayName("every scalar assertion fails with an AssertionFailedError carrying actual and expected")
        void scalarFailuresCarryActualAndExpected() {
            StreamTable empty = streamTable(database, "scalar_empty", "SELECT id FROM raw_orders", "1h", "FULL", false);

            thenActualExpected(() -> assertThat(empty).isPopulated(), "is_populated false", "is_populated true");
            thenActualExpected(() -> assertThat(empty).isActive(), "INITIALIZING", "ACTIVE");
            thenActualExpected(() -> assertThat(totals).hasRowCount(7), 2L, 7L);
            thenActualExpected(
                    () -> assertThat(totals).hasSum("total_amount", 1), new BigDecimal("35.5"), BigDecimal.ONE);
            thenActualExpected(() -> assertThat(totals).hasSchedule("5m"), "1h", "5m");
            thenActualExpected(() -> assertThat(totals).hasRefreshMode("FULL"), "DIFFERENTIAL", "FULL");
            thenActualExpected(
                    () -> assertThat(totals).hasConsecutiveErrorsAtMost(-1),
                    "0 consecutive errors",
                    "at most -1 consecutive errors");
            thenActualExpected(
                    () -> assertThat(empty).isHealthy(),
                    "status INITIALIZING, populated false, consecutive errors 0, fresh false",
                    "status ACTIVE, populated true, consecutive errors 0, fresh true");
            thenActualExpected(
                    () -> assertThat(empty).isFresh(), "never refreshed", "last refreshed at most 60m 0.4s ago");
        }

        private void thenActualExpected(Runnable assertion, Object actual, Object expected) {
            AssertionError error = failure(assertion);
            then(error).isInstanceOf(AssertionFailedError.class);
            then(((AssertionFailedError) error).getActual().getValue()).isEqualTo(actual);
            then(((AssertionFailedError) error).getExpected().getValue()).isEqualTo(expected);
        }

        @Test
        void settings() {
            assertThat(totals).hasRefreshMode("differential").hasSchedule("1h");
            StreamTable calculated = streamTable(database, "calc", "SELECT id FROM raw_orders", "calculated", "FULL");
            assertThat(calculated).hasSchedule("calculated").hasSchedule(null);

            then(failure(() -> assertThat(totals).hasRefreshMode("FULL")))
                    .hasMessage(shouldHaveRefreshMode(totals.state(), "FULL").create());
            then(failure(() -> assertThat(calculated).hasSchedule("5m")))
                    .hasMessage(shouldHaveSchedule(calculated.state(), "5m").create());
        }
    }

    @Nested
    @DisplayName("contents")
    class Contents {

        @Test
        void rowCount() {
            assertThat(totals).hasRowCount(2);

            then(failure(() -> assertThat(totals).hasRowCount(3)))
                    .hasMessage(shouldHaveRowCount("public.order_totals", 2, 3).create());
        }

        @Test
        void totalsCompareNumbersByValue() {
            assertThat(totals)
                    .hasSum("total_amount", "35.50")
                    .hasSum("total_amount", new BigDecimal("35.5"))
                    .hasSum("total_amount", 35.5)
                    .hasSum("order_count", 3)
                    .hasCount("*", 2)
                    .hasCount("customer_id", 2)
                    .hasMin("total_amount", 5)
                    .hasMax("total_amount", "30.5");

            then(failure(() -> assertThat(totals).hasSum("total_amount", "40.00")))
                    .hasMessage(
                            shouldHaveTotal("public.order_totals", "sum", "total_amount", new BigDecimal("35.50"), 40)
                                    .create());
            assertThatThrownBy(() -> assertThat(totals).hasSum("amount", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no column 'amount'");
        }

        @Test
        void totalNavigatesToABigDecimalAssertion() {
            assertThat(totals)
                    .total("total_amount")
                    .isEqualByComparingTo("35.50")
                    .isEqualTo(new BigDecimal("35.5"));

            then(failure(() -> assertThat(totals).total("total_amount").isEqualByComparingTo("40")))
                    .hasMessageStartingWith("[sum(total_amount) over stream table public.order_totals] ");
        }

        @Test
        void totalsOfAGroupedAggregate() {
            assertThat(totals)
                    .hasTotalsOf("SELECT customer_id, sum(amount) AS total_amount FROM raw_orders GROUP BY 1");
            String wrong = "SELECT customer_id, sum(amount) * 2 AS total_amount FROM raw_orders GROUP BY 1";

            AssertionError error = failure(() -> assertThat(totals).hasTotalsOf(wrong));

            RowDiff diff = RowDiff.between(
                    List.of("customer_id", "total_amount"),
                    List.of(Row.of(1, "30.5"), Row.of(2, 5)).stream()
                            .map(row -> Row.of(row.get(0), new BigDecimal(Row.display(row.get(1)))))
                            .toList(),
                    List.of(Row.of(1, 61), Row.of(2, 10)));
            then(error)
                    .hasMessage(shouldHaveTotalsOf("public.order_totals", wrong, diff)
                            .create());
            assertThatThrownBy(() -> assertThat(totals).hasTotalsOf("SELECT sum(amount) AS amount FROM raw_orders"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "query columns [amount] are not columns of stream table public.order_totals");
        }

        @Test
        void containsExactlyInAnyOrderIgnoresInternalColumns() {
            assertThat(totals)
                    .containsExactlyInAnyOrder(Row.of(2, 1, "5.00"), Row.of(1, 2, new BigDecimal("30.50")))
                    .containsExactlyInAnyOrder(List.of(List.of(1, 2, 30.5), List.of(2, 1, 5)));
        }

        @Test
        void containsExactlyInAnyOrderFailsWithAlignedTablesForTheIde() {
            AssertionError error =
                    failure(() -> assertThat(totals).containsExactlyInAnyOrder(Row.of(1, 2, "30.50"), Row.of(2, 1, 6)));

            RowDiff diff = RowDiff.between(
                    List.of("customer_id", "order_count", "total_amount"),
                    List.of(Row.of(1, 2, new BigDecimal("30.5")), Row.of(2, 1, 5)),
                    List.of(Row.of(1, 2, new BigDecimal("30.5")), Row.of(2, 1, 6)));
            then(error)
                    .hasMessage(shouldContainExactlyRows("public.order_totals", diff)
                            .create());
            then(error).isInstanceOf(AssertionFailedError.class);
            AssertionFailedError ide = (AssertionFailedError) error;
            then(ide.getActual().getValue()).isEqualTo(diff.actualTable());
            then(ide.getExpected().getValue()).isEqualTo(diff.expectedTable());
        }

        @Test
        void expectedTextIsReadAsTheColumnsType() {
            StreamTable dated = streamTable(database, "dated", "SELECT id, ordered_on FROM raw_orders", "1h", "FULL");

            assertThat(dated)
                    .containsExactlyInAnyOrder(
                            Row.of(1, "2026-01-01"), Row.of(2, LocalDate.of(2026, 1, 2)), Row.of(3, "2026-01-03"))
                    .hasMax("ordered_on", "2026-01-03");
        }

        @Test
        void wrongRowWidthIsAClearError() {
            assertThatThrownBy(() -> assertThat(totals).containsExactlyInAnyOrder(Row.of(1, 2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected row 1 (1, 2) has 2 values but there are 3 columns (customer_id, order_count,"
                            + " total_amount)");
        }
    }

    @Nested
    @DisplayName("matchesDefiningQuery")
    class DefiningQuery {

        @Test
        void passesAfterRefreshAndShowsTheDriftBefore() {
            execute(
                    database,
                    "CREATE TABLE dq_orders (id int PRIMARY KEY, customer_id int, amount numeric)",
                    "INSERT INTO dq_orders VALUES (1, 1, 10), (2, 2, 20)");
            String query = "SELECT customer_id, sum(amount) AS total FROM dq_orders GROUP BY customer_id";
            StreamTable table = streamTable(database, "dq_totals", query, "1h", "DIFFERENTIAL");
            assertThat(table).matchesDefiningQuery();
            execute(
                    database,
                    "UPDATE dq_orders SET amount = 25 WHERE id = 2",
                    "INSERT INTO dq_orders VALUES (3, 3, 7)",
                    "DELETE FROM dq_orders WHERE id = 1");

            AssertionError error = failure(() -> assertThat(table).matchesDefiningQuery());

            RowDiff diff = RowDiff.between(
                    List.of("customer_id", "total"),
                    List.of(Row.of(1, 10), Row.of(2, 20)),
                    List.of(Row.of(2, 25), Row.of(3, 7)));
            boolean emulated = database.pgTrickle().emulated();
            then(error)
                    .hasMessage(shouldMatchDefiningQuery("public.dq_totals", query, diff, emulated)
                            .create());
            if (emulated) {
                then(error.getMessage()).contains("cannot detect incremental-maintenance errors");
            }
            table.refresh();
            assertThat(table).matchesDefiningQuery().containsExactlyInAnyOrder(Row.of(2, 25), Row.of(3, 7));
        }
    }

    @Test
    @DisplayName("an unknown stream table is an error naming the tables that exist, not an assertion failure")
    void unknownTable() {
        assertThatThrownBy(() ->
                        assertThat(StreamTable.of(database, "public.nope")).isPopulated())
                .hasMessageStartingWith("no stream table public.nope in database " + database.name())
                .hasMessageContaining("public.order_totals");
    }
}
