package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The other half of {@link ParallelRegionOneTests}: it keeps a different customer. */
@OrderTotalsProject
@DisplayName("parallel: only customer 103 is left")
class ParallelRegionTwoTests {

    @Test
    void seesOnlyItsOwnChanges(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(connection, "DELETE FROM raw_orders WHERE customer_id <> 103");

        orderTotals.refresh();

        assertThat(orderTotals).containsExactlyInAnyOrder(Row.of(103, "19.99", 1));
    }
}
