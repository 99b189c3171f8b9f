package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a broken source looks like from the stream table's side: the scheduler's refresh fails with "column … does not
 * exist", which pg_trickle treats as permanent: status ERROR at once, the error in last_error_message, and
 * consecutive_errors left alone (it counts only failures pg_trickle reports itself).
 */
// tag::broken_source[]
@OrderTotalsProject
@DisplayName("a broken source puts the stream table into ERROR")
class BrokenSourceTests {

    @Test
    void refreshErrorSetsError(
            PgTrickleProjectHandle project,
            Connection connection,
            @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        // Refresh every second, so the scheduler meets the broken source quickly.
        project.overrideModelConfig("order_totals", "schedule", "1s").run("order_totals");
        assertThat(orderTotals).isActive();

        // Rename a column the defining query reads (pg_trickle blocks such DDL unless told not to, as a team's
        // migration might); the next change makes the scheduler's refresh fail.
        Orders.execute(connection, "SET pg_trickle.block_source_ddl = off");
        Orders.execute(connection, "ALTER TABLE raw_orders RENAME COLUMN amount TO amount_usd");
        Orders.execute(connection, "INSERT INTO raw_orders VALUES (11, 100, 10.00, '2026-01-08 09:00:00')");

        assertThat(orderTotals).eventually(Duration.ofSeconds(60)).hasStatus("ERROR");
        StreamTableState failed = orderTotals.state();
        // The stored text is pg_trickle's dump of the error report: match a part of it, never the whole.
        assertThat(failed.lastErrorMessage())
                .hasValueSatisfying(message -> assertThat(message).contains("amount"));
        // pg_trickle sets ERROR without counting the error: the counter stays 0, which is why
        // hasNoConsecutiveErrors() and isHealthy() fail on an ERROR table rather than trusting it.
        assertThat(failed.consecutiveErrors()).isZero();
        assertThatThrownBy(() -> assertThat(orderTotals).hasNoConsecutiveErrors())
                .hasMessageContaining("but its status is ERROR (consecutive errors: 0)");
    }
}
// end::broken_source[]
