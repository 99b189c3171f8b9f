package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One of two classes that run at the same time (see {@code junit-platform.properties}) and change the same source
 * table in contradicting ways: each has its own database, so neither sees the other's orders.
 */
// tag::parallel[]
@OrderTotalsProject
@DisplayName("parallel: only customer 100 is left")
class ParallelRegionOneTests {

    @Test
    void seesOnlyItsOwnChanges(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(connection, "DELETE FROM raw_orders WHERE customer_id <> 100");

        orderTotals.refresh();

        assertThat(orderTotals).containsExactlyInAnyOrder(Row.of(100, "161.99", 4));
    }
}
// end::parallel[]
