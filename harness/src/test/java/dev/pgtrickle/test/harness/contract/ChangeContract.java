package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Changing and removing stream tables: create_or_replace, alter, drop, and what the storage table refuses. */
interface ChangeContract extends ContractSupport {

    @Test
    @DisplayName("create_or_replace: same query with other whitespace and same config changes nothing (INFO)")
    default void replaceIdentical() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        Object before = totals().get("data_timestamp");
        // 0.67 compares the mode after parsing, so AUTO equals the stored DIFFERENTIAL (reference §2.2); whether older
        // versions do is not documented, and a mismatch would send refresh_mode => 'AUTO' to alter (§2.3).
        String mode = referenceEra() ? "AUTO" : "DIFFERENTIAL";
        List<String> messages = db().execute(("SELECT pgtrickle.create_or_replace_stream_table('%s',"
                        + " $q$SELECT customer_id,   SUM(amount) AS total_amount,\n  COUNT(*) AS order_count"
                        + " FROM {s}.orders   GROUP BY customer_id$q$, '1m', '%s', true)")
                .formatted(db().qualified("order_totals"), mode));
        if (referenceEra()) {
            assertThat(messages).anyMatch(m -> m.contains("identical definition") && m.contains("no changes made"));
        }
        assertThat(totals())
                .containsEntry("data_timestamp", before)
                .containsEntry("defining_query", db().expand(TOTALS_QUERY))
                .containsEntry("refresh_mode", "DIFFERENTIAL");
        assertThat(db().history("order_totals")).hasSize(initialHistoryRows());
    }

    @Test
    @DisplayName("create_or_replace: a new schedule is applied; a new query rebuilds columns and contents")
    default void replaceChanged() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute(("SELECT pgtrickle.create_or_replace_stream_table('%s', $q$%s$q$, '5m', 'DIFFERENTIAL')")
                .formatted(db().qualified("order_totals"), TOTALS_QUERY));
        assertThat(totals()).containsEntry("schedule", "5m").containsEntry("defining_query", db().expand(TOTALS_QUERY));

        String newQuery = "SELECT customer_id, MAX(amount) AS max_amount FROM {s}.orders GROUP BY customer_id";
        db().execute(("SELECT pgtrickle.create_or_replace_stream_table('%s', $q$%s$q$, '5m', 'DIFFERENTIAL')")
                .formatted(db().qualified("order_totals"), newQuery));
        assertThat(totals())
                .containsEntry("defining_query", db().expand(newQuery))
                .containsEntry("status", "ACTIVE");
        assertThat(db().matches("order_totals", "customer_id, max_amount", newQuery))
                .isTrue();
        assertThat(db().count("SELECT 1 FROM information_schema.columns WHERE table_schema = '%s'"
                                .formatted(db().schema())
                        + " AND table_name = 'order_totals' AND column_name = 'order_count'"))
                .isZero();
        // Not registered yet: create_or_replace creates.
        db().execute(
                        "SELECT pgtrickle.create_or_replace_stream_table('fresh', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        assertThat(db().catalog("fresh")).containsEntry("status", "ACTIVE");
    }

    @Test
    @DisplayName("B3: alter_stream_table(refresh_mode => 'AUTO' or 'INCREMENTAL') violates the catalog's CHECK (23514)")
    default void alterToAutoViolatesCheck() throws SQLException {
        Assumptions.assumeTrue(referenceEra(), "read from 0.67's source (the mode is stored as given)");
        ordersTable();
        createTotals("1m", "FULL");
        String name = db().qualified("order_totals");
        for (String mode : List.of("AUTO", "incremental")) {
            assertError(
                    "SELECT pgtrickle.alter_stream_table('%s', refresh_mode => '%s')".formatted(name, mode),
                    "23514",
                    "violates check constraint");
        }
        assertThat(totals()).containsEntry("refresh_mode", "FULL").containsEntry("status", "ACTIVE");
    }

    @Test
    @DisplayName(
            "B2: create_or_replace with AUTO over a table whose AUTO fell back to FULL forwards AUTO to alter (23514)")
    default void replaceAutoOverFallbackViolatesCheck() throws SQLException {
        Assumptions.assumeTrue(referenceEra(), "read from 0.67's source (AUTO compared as DIFFERENTIAL)");
        ordersTable();
        // A LIMIT inside a FROM subquery is beyond the DVM parser: AUTO falls back to FULL at create.
        String query = "SELECT id FROM (SELECT id FROM {s}.orders ORDER BY id LIMIT 10) firsts";
        db().execute("SELECT pgtrickle.create_stream_table('sampled', '%s', '1m')".formatted(query));
        assertThat(db().catalog("sampled")).containsEntry("refresh_mode", "FULL");
        assertError(
                "SELECT pgtrickle.create_or_replace_stream_table('%s', '%s', '1m', 'AUTO')"
                        .formatted(db().qualified("sampled"), query),
                "23514",
                "violates check constraint");
        // With the stored mode instead of AUTO, nothing changes (what the harness's planner sends).
        List<String> messages = db().execute("SELECT pgtrickle.create_or_replace_stream_table('%s', '%s', '1m', 'FULL')"
                .formatted(db().qualified("sampled"), query));
        assertThat(messages).anyMatch(m -> m.contains("identical definition"));
    }

    @Test
    @DisplayName("alter: schedule, status (no PAUSED), query => and refresh_mode => with a full refresh")
    default void alter() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        String name = db().qualified("order_totals");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', schedule => '10m')".formatted(name));
        assertThat(totals()).containsEntry("schedule", "10m");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', schedule => 'calculated')".formatted(name));
        assertThat(totals()).containsEntry("schedule", null);

        assertError(
                "SELECT pgtrickle.alter_stream_table('%s', status => 'PAUSED')".formatted(name),
                "22023",
                "unknown status: PAUSED");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', status => 'suspended')".formatted(name));
        assertThat(totals()).containsEntry("status", "SUSPENDED");
        db().execute("SELECT pgtrickle.alter_stream_table('%s', status => 'ACTIVE')".formatted(name));
        assertThat(totals()).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);

        String newQuery = "SELECT customer_id, COUNT(*) AS order_count FROM {s}.orders GROUP BY customer_id";
        db().execute("SELECT pgtrickle.alter_stream_table('%s', query => $q$%s$q$)".formatted(name, newQuery));
        assertThat(totals()).containsEntry("defining_query", db().expand(newQuery));
        assertThat(db().matches("order_totals", "customer_id, order_count", newQuery))
                .isTrue();

        List<String> messages =
                db().execute("SELECT pgtrickle.alter_stream_table('%s', refresh_mode => 'FULL')".formatted(name));
        if (referenceEra()) {
            // The WARNING and the full refresh inside the call are documented for 0.67 (reference §2.3).
            assertThat(messages).anyMatch(m -> m.contains("refresh mode changed from DIFFERENTIAL to FULL"));
        }
        assertThat(totals()).containsEntry("refresh_mode", "FULL");

        db().execute(("SELECT pgtrickle.alter_stream_table('%s', fuse => 'auto', fuse_ceiling => 100000,"
                        + " fuse_sensitivity => 3, tier => 'warm')")
                .formatted(name));
        assertThat(totals())
                .containsEntry("fuse_mode", "auto")
                .containsEntry("fuse_ceiling", 100000L)
                .containsEntry("fuse_sensitivity", 3)
                .containsEntry("refresh_tier", "warm");
    }

    @Test
    @DisplayName("create stores the era-B extras dbt passes: cdc_mode, append_only, partition_by")
    default void createExtras() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table(name => 'extras', query => $q$" + TOTALS_QUERY
                + "$q$, schedule => '1m', refresh_mode => 'DIFFERENTIAL', cdc_mode => 'trigger',"
                + " append_only => false, partition_by => 'customer_id', diamond_consistency => 'atomic')");
        assertThat(db().catalog("extras"))
                .containsEntry("requested_cdc_mode", "trigger")
                .containsEntry("is_append_only", false)
                .containsEntry("st_partition_key", "customer_id")
                .containsEntry("diamond_consistency", "atomic");
    }

    @Test
    @DisplayName("drop: cascade => false refuses while stream tables read it (22023), cascade => true drops them too")
    default void dropWithDependents() throws SQLException {
        assumeAtLeast("0.15.0", "drop_stream_table(name, cascade)");
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('big_customers',"
                + " 'SELECT customer_id FROM {s}.order_totals WHERE total_amount > 10', '1m', 'DIFFERENTIAL')");
        assertThat(db().matches(
                                "big_customers",
                                "customer_id",
                                "SELECT customer_id FROM {s}.orders GROUP BY 1 HAVING sum(amount) > 10"))
                .isTrue();
        // cascade => false given explicitly: its default was true from 0.15.0 and is false since 0.22.0.
        SQLException refused = db().error("SELECT pgtrickle.drop_stream_table('order_totals', cascade => false)");
        if (referenceEra()) {
            assertThat(refused.getMessage()).contains("has dependent stream tables");
            assertThat(refused.getSQLState()).isEqualTo("22023");
        }
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '%s'"
                        .formatted(db().schema())))
                .isEqualTo(2);
        List<String> messages = db().execute("SELECT pgtrickle.drop_stream_table('order_totals', cascade => true)");
        assertThat(messages).anyMatch(m -> m.contains("dropped"));
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '%s'"
                        .formatted(db().schema())))
                .isZero();
        assertThat(db().value("SELECT to_regclass('%s')".formatted(db().qualified("order_totals"))))
                .isNull();
        assertThat(db().value("SELECT to_regclass('%s')".formatted(db().qualified("big_customers"))))
                .isNull();
    }

    @Test
    @DisplayName("storage table: direct DML refused; DROP TABLE on it unregisters the stream table")
    default void storageGuards() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        assertThat(db().error("INSERT INTO order_totals (customer_id) VALUES (1)")
                        .getMessage())
                .contains("Direct DML on stream table");
        assertThat(db().error("DELETE FROM {s}.order_totals").getMessage()).contains("Direct DML on stream table");
        db().execute("DROP TABLE order_totals");
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '%s'"
                        .formatted(db().schema())))
                .isZero();
    }

    @Test
    @DisplayName("dropping a source puts the stream tables reading it into ERROR")
    default void droppedSource() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("DROP TABLE orders");
        Map<String, Object> st = totals();
        assertThat(st).containsEntry("status", "ERROR");
    }

    @Test
    @DisplayName("block_source_ddl: a column-changing ALTER TABLE on a source is refused, others pass")
    default void sourceDdlBlocked() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        // Renaming a column the stream table reads is column-changing by any reading; whether adding an unread column
        // is blocked too is not documented, so that case is left out.
        SQLException blocked = db().error("ALTER TABLE orders RENAME COLUMN amount TO amount_usd");
        if (referenceEra()) {
            assertThat(blocked.getMessage()).contains("ALTER TABLE").contains("blocked");
        }
        assertThat(db().count("SELECT 1 FROM information_schema.columns WHERE table_schema = '{s}'"
                        + " AND table_name = 'orders' AND column_name = 'amount'"))
                .isEqualTo(1);
        db().execute("ALTER TABLE orders ADD CONSTRAINT positive_amount CHECK (amount > 0)");
        // Switched off for the session, a rename goes through; the next refresh then fails. The real extension also
        // reacts to the DDL itself (needs_reinit, reference §14), so only the failure is part of the contract.
        db().execute("SET pg_trickle.block_source_ddl = off");
        db().execute("ALTER TABLE orders RENAME COLUMN amount TO amount_usd");
        db().error("SELECT pgtrickle.refresh_stream_table('order_totals')");
    }
}
