package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @Nested} classes share the outer project unless they declare their own. */
// tag::nested[]
@PgTrickleProject(path = "projects/order_totals")
@DisplayName("order_totals")
class NestedExampleTests {

    @Test
    void isPopulated(@StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(orderTotals).isPopulated();
    }

    @Nested
    @DisplayName("when a new customer orders")
    class WhenANewCustomerOrders {

        @BeforeEach
        void newCustomerOrders(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
                throws SQLException {
            Orders.execute(
                    connection,
                    "INSERT INTO raw_orders VALUES (100 + (SELECT MAX(id) FROM raw_orders), 900, 12.50, now())"
                            + " ON CONFLICT DO NOTHING");
            orderTotals.refresh();
        }

        @Test
        @DisplayName("the customer gets a row (same database as the outer class)")
        void theCustomerGetsARow(@StreamTableName("order_totals") StreamTable orderTotals) {
            assertThat(orderTotals).matchesDefiningQuery();
            assertThat(orderTotals
                            .query("SELECT 1 FROM order_totals WHERE customer_id = 900")
                            .rows())
                    .isNotEmpty();
        }
    }

    @Nested
    @PgTrickleProject(path = "projects/order_totals", select = "raw_orders")
    @DisplayName("with only the seed selected (a database of its own)")
    class SeedOnly {

        @Test
        void noStreamTableIsBuilt(PgTrickleProjectHandle project) {
            assertThat(project.lastRunResults().orElseThrow().results()).isEmpty();
        }
    }
}
// end::nested[]
