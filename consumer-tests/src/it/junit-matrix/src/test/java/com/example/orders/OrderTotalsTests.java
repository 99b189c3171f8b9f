package com.example.orders;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.StreamTableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What a team writes first: the project builds, the stream table is right, and it follows its source. */
@PgTrickleProject(path = "src/test/dbt/order_totals")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderTotalsTests {

    @Test
    @Order(1)
    void theProjectBuilds(RunResults run) {
        assertThat(run).hasNoFailures();
        assertThat(run).model("order_totals").wasCreated();
    }

    @Test
    @Order(2)
    void totalsMatchTheDefiningQuery(@StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(orderTotals).isPopulated().hasRowCount(4).matchesDefiningQuery();
    }

    @Test
    @Order(3)
    void aNewOrderArrivesAfterARefresh(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO raw_orders VALUES (11, 105, 25.00, '2026-01-08 09:00:00')");
        }
        orderTotals.refresh();
        assertThat(orderTotals).hasRowCount(5).matchesDefiningQuery();
    }
}
