package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What tests read besides the stream table's rows: the direct-DML guard, history row counts, is_drained(),
 * check_cdc_health() alerts and quick_health (fidelity audit B7, B9, D2, D3, D6).
 */
interface MonitoringContract extends ContractSupport {

    @Test
    @DisplayName("B7: the DML guard is row-level (zero-row DML passes), refuses TRUNCATE, names the table only (P0001)")
    default void dmlGuard() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        String text = "Direct DML on stream table order_totals is not allowed. Stream tables are maintained"
                + " automatically by pg_trickle.";
        SQLException insert = db().error("INSERT INTO order_totals (customer_id) VALUES (1)");
        assertThat(insert.getMessage()).contains(text);
        assertThat(insert.getSQLState()).isEqualTo("P0001");
        assertThat(db().error("UPDATE order_totals SET order_count = 0").getMessage())
                .contains(text);
        assertThat(db().error("TRUNCATE order_totals").getMessage()).contains(text);
        // Row-level triggers do not fire for statements that touch no row.
        db().execute("DELETE FROM order_totals WHERE false");
        db().execute("UPDATE order_totals SET order_count = 0 WHERE customer_id = -1");
        assertThat(totalsCorrect()).isTrue();
    }

    @Test
    @DisplayName("B9: the INITIAL history row records 0 rows inserted and deleted; a manual FULL refresh none deleted")
    default void historyRowCounts() throws SQLException {
        assumeAtLeast("0.18.0", "the INITIAL history row");
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('ids', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        Map<String, Object> initial = db().history("ids").get(0);
        assertThat(initial)
                .containsEntry("initiated_by", "INITIAL")
                .containsEntry("rows_inserted", 0L)
                .containsEntry("rows_deleted", 0L);
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        refresh("ids");
        List<Map<String, Object>> history = db().history("ids");
        assertThat(history.get(history.size() - 1))
                .containsEntry("initiated_by", "MANUAL")
                .containsEntry("action", "FULL")
                .containsEntry("rows_deleted", 0L);
    }

    @Test
    @DisplayName("D2: is_drained() is about pgtrickle.drain(), not pending refreshes: true while changes wait")
    default void isDrainedIsNotAWaitCondition() throws SQLException {
        assumeAtLeast("0.36.0", "is_drained()");
        ordersTable();
        createTotals("1h", "DIFFERENTIAL");
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        assertThat(db().value("SELECT pgtrickle.is_drained()")).isEqualTo(true);
        assertThat(totalsCorrect()).isFalse();
    }

    @Test
    @DisplayName(
            "D3: check_cdc_health() raises no alert for trigger-captured sources, even with their triggers disabled")
    default void cdcHealthAlertsOnlyForWal() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("ALTER TABLE orders DISABLE TRIGGER USER");
        try {
            List<Map<String, Object>> rows = db().rows("SELECT cdc_mode, alert FROM pgtrickle.check_cdc_health()"
                    + " WHERE source_relid = '%s'::regclass::oid".formatted(db().qualified("orders")));
            assertThat(rows).hasSize(1);
            if ("TRIGGER".equals(rows.get(0).get("cdc_mode"))) {
                assertThat(rows.get(0).get("alert")).isNull();
            }
        } finally {
            db().execute("ALTER TABLE orders ENABLE TRIGGER USER");
        }
    }

    @Test
    @DisplayName("D6: quick_health counts ERROR tables as errors (WARNING) and SUSPENDED ones as CRITICAL")
    default void quickHealth() throws SQLException {
        db().execute("CREATE TABLE divisors (id int PRIMARY KEY, d int NOT NULL)");
        db().execute("INSERT INTO divisors VALUES (1, 2)");
        db().execute("SELECT pgtrickle.create_stream_table('quotients', 'SELECT id, 100 / d AS q FROM {s}.divisors',"
                + " '1s', 'FULL')");
        db().execute("INSERT INTO divisors VALUES (2, 0)");
        eventually(() -> assertThat(db().catalog("quotients")).containsEntry("status", "ERROR"));
        // quick_health covers the whole database; only this test's schema is known, so compare with the catalog.
        Map<String, Object> health = db().row("SELECT * FROM pgtrickle.quick_health");
        long errors = db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE status = 'ERROR'"
                + " OR consecutive_errors > 0");
        assertThat((Long) health.get("error_tables")).isEqualTo(errors).isPositive();
        assertThat((String) health.get("status")).isIn("WARNING", "CRITICAL");
        db().execute("DELETE FROM divisors WHERE d = 0");
        if (referenceEra()) {
            db().execute("SELECT pgtrickle.resume_stream_table('quotients')");
        } else {
            db().execute("SELECT pgtrickle.alter_stream_table('quotients', status => 'ACTIVE')");
        }
        db().execute("SELECT pgtrickle.alter_stream_table('quotients', status => 'SUSPENDED')");
        assertThat(db().value("SELECT status FROM pgtrickle.quick_health")).isEqualTo("CRITICAL");
    }
}
