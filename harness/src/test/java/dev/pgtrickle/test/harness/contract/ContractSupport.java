package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ThrowingRunnable;

/** What every contract area needs: the test's database, polling, and the standard order_totals fixture. */
interface ContractSupport {

    String TOTALS_QUERY =
            "SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count FROM {s}.orders GROUP BY customer_id";

    String TOTALS_COLUMNS = "customer_id, total_amount, order_count";

    /** The test's database handle, working in a schema of its own that is also current_schema(). */
    ContractDatabase db();

    /** Polls (never a fixed sleep) until the assertion holds or the backend's scheduler timeout passes. */
    void eventually(ThrowingRunnable assertion);

    /** Queries name their tables with {@code {s}.} (the test's schema): the scheduler does not share the test's search_path. */
    /** A source table {@code orders(id, customer_id, amount numeric(10,2), note varchar(20))} with 4 rows. */
    default void ordersTable() throws SQLException {
        db().execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2),"
                + " note varchar(20))");
        db().execute("INSERT INTO orders VALUES (1, 100, 10.50, 'a'), (2, 100, 20.00, 'b'), (3, 101, 5.25, 'c'),"
                + " (4, 102, 7.00, 'd')");
    }

    /** Creates {@code order_totals} exactly as dbt-pgtrickle does: five positional arguments, dollar-quoted query. */
    default List<String> createTotals(String schedule, String mode) throws SQLException {
        return db().execute("SELECT pgtrickle.create_stream_table('%s', $pgtrickle$%s$pgtrickle$, '%s', '%s', true)"
                .formatted(db().qualified("order_totals"), db().expand(TOTALS_QUERY), schedule, mode));
    }

    default Map<String, Object> totals() throws SQLException {
        return db().catalog("order_totals");
    }

    default boolean totalsCorrect() throws SQLException {
        return db().matches("order_totals", TOTALS_COLUMNS, TOTALS_QUERY);
    }

    default void assertError(String sql, String sqlState, String messagePart) {
        SQLException error = db().error(sql);
        assertThat(error.getMessage()).contains(messagePart);
        assertThat(error.getSQLState())
                .as("SQLSTATE of: %s", error.getMessage())
                .isEqualTo(sqlState);
    }
}
