package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Manual refreshes, what they record, the status checks in front of them, and the monitoring functions. */
interface RefreshContract extends ContractSupport {

    @Test
    @DisplayName("manual refresh: contents follow the sources; MANUAL history with row counts; data_timestamp moves")
    default void manualRefresh() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        Object before = totals().get("data_timestamp");
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        db().execute("UPDATE orders SET amount = 99 WHERE id = 3");
        assertThat(totalsCorrect()).isFalse();
        refresh("order_totals");
        assertThat(totalsCorrect()).isTrue();
        Map<String, Object> st = totals();
        assertThat((java.time.Instant) st.get("data_timestamp")).isAfter((java.time.Instant) before);
        List<Map<String, Object>> history = db().history("order_totals");
        assertThat(history).hasSize(initialHistoryRows() + 1);
        Map<String, Object> manual = history.get(history.size() - 1);
        assertThat(manual).containsEntry("initiated_by", "MANUAL").containsEntry("status", "COMPLETED");
        // The real extension may run a DIFFERENTIAL table's refresh as FULL (adaptive fallback when the change ratio
        // exceeds pg_trickle.differential_max_change_ratio, 0.15 in the image; 2 of 4 rows changed here).
        assertThat((String) manual.get("action")).isIn("DIFFERENTIAL", "FULL");
        assertThat((Long) manual.get("rows_inserted")).isPositive();
    }

    @Test
    @DisplayName("manual refresh of FULL tables records FULL; a DIFFERENTIAL with nothing to do keeps data_timestamp")
    default void manualRefreshActions() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('ids', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        Map<String, Object> before = totals();
        refresh("order_totals");
        refresh("ids");
        Map<String, Object> after = totals();
        if (referenceEra()) {
            // 0.67: a DIFFERENTIAL refresh that changed nothing moves only last_refresh_at (reference §2.5). When the
            // real extension started doing this for manual refreshes is not documented.
            assertThat(after.get("data_timestamp")).isEqualTo(before.get("data_timestamp"));
        }
        assertThat((java.time.Instant) after.get("last_refresh_at"))
                .isAfter((java.time.Instant) before.get("last_refresh_at"));
        assertThat(db().history("ids"))
                .last()
                .satisfies(h -> assertThat(h).containsEntry("action", "FULL").containsEntry("initiated_by", "MANUAL"));
    }

    @Test
    @DisplayName("manual refresh failing: the caller gets PostgreSQL's error, nothing is recorded")
    default void manualRefreshFailure() throws SQLException {
        db().execute("CREATE TABLE divisors (id int PRIMARY KEY, d int NOT NULL)");
        db().execute("INSERT INTO divisors VALUES (1, 2), (2, 5)");
        db().execute("SELECT pgtrickle.create_stream_table('quotients', 'SELECT id, 100 / d AS q FROM {s}.divisors',"
                + " '1h', 'FULL')");
        db().execute("INSERT INTO divisors VALUES (3, 0)");
        // PostgreSQL's own error keeps its SQLSTATE in every version (reference §9), unlike pg_trickle's own errors.
        SQLException error = db().error("SELECT pgtrickle.refresh_stream_table('quotients')");
        assertThat(error.getMessage()).contains("division by zero");
        assertThat(error.getSQLState()).isEqualTo("22012");
        assertThat(db().catalog("quotients")).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);
        assertThat(db().history("quotients")).hasSize(initialHistoryRows());
        assertThat(db().count("SELECT * FROM quotients")).isEqualTo(2);
    }

    @Test
    @DisplayName(
            "status gates: SUSPENDED and ERROR refuse manual refresh; resume only from those; resume clears errors")
    default void statusGates() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        String name = db().qualified("order_totals");
        assertError(
                "SELECT pgtrickle.resume_stream_table('%s')".formatted(name),
                "22023",
                referenceEra() ? "is not suspended or in error" : "is not suspended");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', status => 'SUSPENDED')".formatted(name));
        assertError("SELECT pgtrickle.refresh_stream_table('%s')".formatted(name), "22023", "is suspended");
        db().execute("SELECT pgtrickle.resume_stream_table('%s')".formatted(name));
        assertThat(totals()).containsEntry("status", "ACTIVE");
        // The ERROR gate (manual refresh refused, resume from ERROR) is documented for 0.67 (reference §2.5, §2.6);
        // 0.14.0 introduced status ERROR with refresh/alter clearing it, so older versions may let the refresh run.
        Assumptions.assumeTrue(referenceEra(), "manual refresh refused in status ERROR: documented for 0.67 only");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', status => 'ERROR')".formatted(name));
        assertError("SELECT pgtrickle.refresh_stream_table('%s')".formatted(name), "22023", "is in error state");
        db().execute("SELECT pgtrickle.resume_stream_table('%s')".formatted(name));
        assertThat(totals())
                .containsEntry("status", "ACTIVE")
                .containsEntry("consecutive_errors", 0)
                .containsEntry("last_error_message", null);
        refresh("order_totals");
    }

    @Test
    @DisplayName(
            "B1: a manual refresh while another refresh of the table runs returns at once with a NOTICE, does nothing")
    default void manualRefreshDuringRefreshIsSkipped() throws SQLException {
        assumeAtLeast("0.19.0", "the NOTICE of a skipped manual refresh");
        ordersTable();
        createTotals("1h", "FULL");
        Object pgtId = totals().get("pgt_id");
        int historyRows = db().history("order_totals").size();
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        List<String> notices;
        // A refresh in progress holds the transaction-level advisory lock keyed by pgt_id; another session holds it
        // here.
        try (Connection other = otherConnection();
                Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(%s::bigint)".formatted(pgtId));
            notices = db().execute("SELECT pgtrickle.refresh_stream_table('order_totals')");
            other.rollback();
        }
        if (referenceEra()) {
            assertThat(notices)
                    .anyMatch(n -> n.startsWith("refresh skipped: %s — another refresh is already in progress"
                            .formatted(db().qualified("order_totals"))));
        } else {
            assertThat(notices).anyMatch(n -> n.contains("skip"));
        }
        assertThat(totalsCorrect()).isFalse();
        assertThat(db().history("order_totals")).hasSize(historyRows);
        refresh("order_totals");
        assertThat(totalsCorrect()).isTrue();
    }

    @Test
    @DisplayName("F1: a differential refresh stores SUM over a group of only NULLs as 0; the initial fill as NULL")
    default void sumOverNullsAfterDifferentialRefresh() throws SQLException {
        Assumptions.assumeTrue(referenceEra(), "the algebraic SUM merge is read from 0.67's source");
        db().execute("CREATE TABLE discounts (id int PRIMARY KEY, customer_id int NOT NULL, discount numeric)");
        db().execute("INSERT INTO discounts VALUES (1, 100, NULL), (2, 101, 5)");
        String query = "SELECT customer_id, SUM(discount) AS total_discount, COUNT(*) AS n FROM {s}.discounts"
                + " GROUP BY customer_id";
        db().execute("SELECT pgtrickle.create_stream_table('discount_totals', $q$%s$q$, '1h', 'DIFFERENTIAL')"
                .formatted(query));
        assertThat(db().value("SELECT total_discount FROM discount_totals WHERE customer_id = 100"))
                .isNull();
        db().execute("INSERT INTO discounts VALUES (3, 999, NULL)");
        refresh("discount_totals");
        Object action =
                db().history("discount_totals").get(initialHistoryRows()).get("action");
        // A refresh the real extension runs as FULL (adaptive fallback) recomputes, and keeps the NULL.
        Object expected = "DIFFERENTIAL".equals(action) ? java.math.BigDecimal.ZERO : null;
        assertThat(db().value("SELECT total_discount FROM discount_totals WHERE customer_id = 999"))
                .isEqualTo(expected);
        assertThat(db().value("SELECT total_discount FROM discount_totals WHERE customer_id = 100"))
                .as("an untouched group keeps what the initial fill stored")
                .isNull();
        assertThat(db().matches("discount_totals", "customer_id, total_discount, n", query))
                .isEqualTo(expected == null);
    }

    @Test
    @DisplayName("stream table over a view and over another stream table: refresh upstream, then downstream")
    default void chains() throws SQLException {
        ordersTable();
        db().execute("CREATE VIEW big_orders AS SELECT * FROM {s}.orders WHERE amount > 6");
        db().execute(
                        "SELECT pgtrickle.create_stream_table('big_totals',"
                                + " 'SELECT customer_id, sum(amount) AS total FROM {s}.big_orders GROUP BY customer_id', '1m', 'DIFFERENTIAL')");
        db().execute("SELECT pgtrickle.create_stream_table('big_count',"
                + " 'SELECT count(*) AS customers FROM {s}.big_totals', '1m', 'DIFFERENTIAL')");
        assertThat(db().value("SELECT customers FROM big_count")).isEqualTo(2L);
        db().execute("INSERT INTO orders VALUES (9, 109, 50, 'z')");
        refresh("big_totals");
        refresh("big_count");
        assertThat(db().value("SELECT customers FROM big_count")).isEqualTo(3L);
        assertThat(db().matches(
                                "big_totals",
                                "customer_id, total",
                                "SELECT customer_id, sum(amount) FROM {s}.orders WHERE amount > 6 GROUP BY 1"))
                .isTrue();
    }

    @Test
    @DisplayName("check_cdc_health: the real columns, one healthy row per source table")
    default void cdcHealth() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('ids', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        List<Map<String, Object>> rows = db().rows("SELECT * FROM pgtrickle.check_cdc_health()"
                + " WHERE source_relid = '%s'::regclass::oid".formatted(db().qualified("orders")));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).keySet())
                .containsExactly(
                        "source_relid",
                        "source_table",
                        "cdc_mode",
                        "slot_name",
                        "lag_bytes",
                        "confirmed_lsn",
                        "alert",
                        "selective_capture");
        assertThat((String) rows.get(0).get("cdc_mode")).isIn("TRIGGER", "TRANSITIONING", "WAL");
        assertThat(rows.get(0).get("alert")).isNull();
        assertThat((String) rows.get(0).get("source_table")).endsWith("orders");
    }

    @Test
    @DisplayName("pgt_status, get_refresh_history and explain_refresh_mode answer with the real columns")
    default void statusFunctions() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        Map<String, Object> status = db().row("SELECT * FROM pgtrickle.pgt_status() WHERE name = '%s'"
                .formatted(db().qualified("order_totals")));
        assertThat(status)
                .containsKeys("name", "status", "refresh_mode", "is_populated", "consecutive_errors", "schedule")
                .containsKeys("data_timestamp", "staleness")
                .containsEntry("status", "ACTIVE");
        // A refresh with a change in it, so there is a history row on every version (no INITIAL row before 0.18.0).
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        refresh("order_totals");
        List<Map<String, Object>> history = db().rows("SELECT * FROM pgtrickle.get_refresh_history('%s', 5)"
                .formatted(db().qualified("order_totals")));
        assertThat(history).hasSize(initialHistoryRows() + 1);
        assertThat(history.get(0))
                .containsKeys("refresh_id", "data_timestamp", "start_time", "end_time", "action", "status")
                .containsKeys("rows_inserted", "rows_deleted", "duration_ms", "error_message");
        Map<String, Object> explained = db().row(
                        "SELECT * FROM pgtrickle.explain_refresh_mode('%s')".formatted(db().qualified("order_totals")));
        assertThat(explained).containsKeys("configured_mode", "effective_mode", "downgrade_reason");
        if (referenceEra()) {
            assertThat(explained.get("effective_mode")).isNotNull();
        }
    }
}
