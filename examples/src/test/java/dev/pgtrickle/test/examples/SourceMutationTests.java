package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Incremental maintenance is correct when, after any change to the sources and a refresh, the stream table equals a
 * fresh evaluation of its defining query.
 */
// tag::source_mutations[]
@OrderTotalsProject
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("order_totals follows inserts, updates and deletes of raw_orders")
class SourceMutationTests {

    @Test
    @Order(1)
    void insertedOrdersAreCounted(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(
                connection,
                "INSERT INTO raw_orders VALUES (11, 100, 10.00, '2026-01-08 09:00:00'),"
                        + " (12, 105, 5.00, '2026-01-08 10:00:00')");

        orderTotals.refresh();

        assertThat(orderTotals).matchesDefiningQuery().hasRowCount(5).hasSum("order_count", 12);
    }

    @Test
    @Order(2)
    void updatedAmountsChangeTheTotals(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(connection, "UPDATE raw_orders SET amount = 100.00 WHERE id = 7");

        orderTotals.refresh();

        assertThat(orderTotals).matchesDefiningQuery().hasTotalsOf(Orders.TOTALS_FROM_SOURCE);
    }

    @Test
    @Order(3)
    void deletedOrdersDisappear(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(connection, "DELETE FROM raw_orders WHERE customer_id IN (101, 102, 103, 105)");

        orderTotals.refresh();

        assertThat(orderTotals).matchesDefiningQuery().containsExactlyInAnyOrder(Row.of(100, "171.99", 5));
    }
}
// end::source_mutations[]
