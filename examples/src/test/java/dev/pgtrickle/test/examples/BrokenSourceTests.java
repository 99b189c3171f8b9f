package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a broken source looks like from the stream table's side: the scheduler's refreshes fail and are counted. */
// tag::broken_source[]
@OrderTotalsProject
@DisplayName("a broken source shows up as consecutive errors")
class BrokenSourceTests {

    @Test
    void refreshErrorsAreCounted(
            PgTrickleProjectHandle project,
            Connection connection,
            @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        // Refresh every second, so the scheduler meets the broken source quickly.
        project.overrideConfig("order_totals", "schedule", "1s").run("order_totals");
        assertThat(orderTotals).hasNoConsecutiveErrors();

        // Rename a column the defining query reads (pg_trickle blocks such DDL unless told not to, as a team's
        // migration might); the next change makes the scheduler's refresh fail.
        Orders.execute(connection, "SET pg_trickle.block_source_ddl = off");
        Orders.execute(connection, "ALTER TABLE raw_orders RENAME COLUMN amount TO amount_usd");
        Orders.execute(connection, "INSERT INTO raw_orders VALUES (11, 100, 10.00, '2026-01-08 09:00:00')");

        StreamTableState failing = StreamTableWaiter.withTimeout(Duration.ofSeconds(60))
                .awaitState(orderTotals, "has consecutive errors", state -> state.consecutiveErrors() > 0);
        assertThat(failing.lastErrorMessage())
                .hasValueSatisfying(message -> assertThat(message).contains("amount"));
        assertThat(orderTotals).hasConsecutiveErrorsAtMost(failing.consecutiveErrors());
    }
}
// end::broken_source[]
