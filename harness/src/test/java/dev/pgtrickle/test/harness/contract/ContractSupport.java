package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.db.ManualRefresh;
import dev.pgtrickle.test.harness.db.Versions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Assumptions;

/** What every contract area needs: the test's database, polling, and the standard order_totals fixture. */
interface ContractSupport {

    String TOTALS_QUERY =
            "SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count FROM {s}.orders GROUP BY customer_id";

    String TOTALS_COLUMNS = "customer_id, total_amount, order_count";

    /** The test's database handle, working in a schema of its own that is also current_schema(). */
    ContractDatabase db();

    /** Polls (never a fixed sleep) until the assertion holds or the backend's scheduler timeout passes. */
    void eventually(ThrowingRunnable assertion);

    /** A second connection to the test's database (the caller closes it), for what another session does meanwhile. */
    Connection otherConnection() throws SQLException;

    /**
     * {@code refresh_stream_table} on a stream table of the test's schema, called again while pg_trickle skips it
     * because another refresh of the table runs (audit B1): as the harness itself refreshes.
     */
    default void refresh(String name) throws SQLException {
        ManualRefresh.run(db().connection(), db().qualified(name));
    }

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

    /**
     * The error {@code sql} raises, with its message and, from pg_trickle 0.18.0 on, its SQLSTATE. Before 0.18.0 the
     * extension raised its own errors without a specific SQLSTATE (reference §9: era A always XX000, the mapping came
     * in 0.18.0); what 0.14–0.17 send exactly is not documented, so only the message is checked there.
     */
    default void assertError(String sql, String sqlState, String messagePart) {
        SQLException error = db().error(sql);
        assertThat(error.getMessage()).contains(messagePart);
        if (atLeast("0.18.0")) {
            assertThat(error.getSQLState())
                    .as("SQLSTATE of: %s", error.getMessage())
                    .isEqualTo(sqlState);
        }
    }

    /** Whether the pg_trickle under test (real, or the emulation of 0.67.0) is {@code version} or later. */
    default boolean atLeast(String version) {
        return Versions.atLeast(db().pgTrickle().version(), version);
    }

    /**
     * Whether the server runs the version the API reference describes (0.67.0, era B) or later. Exact message texts and
     * details the reference gives for 0.67 without saying when they appeared are asserted only then: on older images
     * the test asserts the part that is known to hold (see "Unverified against the real extension" in
     * docs/emulation-fidelity.md).
     */
    default boolean referenceEra() {
        return atLeast("0.67.0");
    }

    /** Skip the test on servers older than {@code version}, naming the feature that version introduced. */
    default void assumeAtLeast(String version, String feature) {
        Assumptions.assumeTrue(atLeast(version), () -> "%s came with pg_trickle %s; this server has %s"
                .formatted(feature, version, db().pgTrickle().version()));
    }

    /** History rows a create with {@code initialize => true} writes: the INITIAL row exists since 0.18.0. */
    default int initialHistoryRows() {
        return atLeast("0.18.0") ? 1 : 0;
    }
}
