package dev.pgtrickle.test.examples;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Changes to the {@code raw_orders} source table, as an application would make them. */
final class Orders {

    /** The defining query of {@code order_totals}, evaluated straight on the source. */
    static final String TOTALS_FROM_SOURCE = "SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count"
            + " FROM raw_orders GROUP BY customer_id";

    private Orders() {}

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
