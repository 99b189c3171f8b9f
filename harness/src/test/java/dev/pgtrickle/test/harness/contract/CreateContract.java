package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** create_stream_table and friends: catalog row, storage table, initial fill, validation and its errors. */
interface CreateContract extends ContractSupport {

    @Test
    @DisplayName("create (dbt's five positional arguments): INFO, ACTIVE, populated, INITIAL history row")
    default void createLikeDbt() throws SQLException {
        ordersTable();
        List<String> messages = createTotals("1m", "DIFFERENTIAL");
        assertThat(messages)
                .anyMatch(m -> m.contains("Stream table %s.order_totals created".formatted(db().schema()))
                        && m.contains("mode=DIFFERENTIAL")
                        && m.contains("initialized=true"));
        Map<String, Object> st = totals();
        assertThat(st)
                .containsEntry("status", "ACTIVE")
                .containsEntry("is_populated", true)
                .containsEntry("refresh_mode", "DIFFERENTIAL")
                .containsEntry("schedule", "1m")
                .containsEntry("consecutive_errors", 0)
                .containsEntry("defining_query", db().expand(TOTALS_QUERY));
        assertThat(st.get("data_timestamp")).isNotNull().isEqualTo(st.get("last_refresh_at"));
        assertThat(totalsCorrect()).isTrue();
        List<Map<String, Object>> history = db().history("order_totals");
        // The initial fill writes its INITIAL history row since 0.18.0; before, it wrote none.
        assertThat(history).hasSize(initialHistoryRows());
        if (initialHistoryRows() > 0) {
            assertThat(history.get(0))
                    .containsEntry("action", "FULL")
                    .containsEntry("status", "COMPLETED")
                    .containsEntry("initiated_by", "INITIAL");
        }
    }

    @Test
    @DisplayName("storage: __pgt_row_id bigint first, query columns with type modifiers dropped, unique row id index")
    default void storageTableShape() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('order_notes', 'SELECT id, amount, note FROM {s}.orders',"
                + " '1m', 'FULL')");
        List<Map<String, Object>> columns = db().rows(("SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod)"
                        + " AS type FROM pg_attribute a WHERE a.attrelid = '%s'::regclass AND a.attnum > 0"
                        + " AND NOT a.attisdropped AND a.attname NOT LIKE '\\_\\_pgt\\_aux%%' ORDER BY a.attnum")
                .formatted(db().qualified("order_notes")));
        assertThat(columns)
                .extracting(row -> row.get("name") + " " + row.get("type"))
                .containsExactly("__pgt_row_id bigint", "id integer", "amount numeric", "note character varying");
        assertThat(db().count(("SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                                + " AND a.attnum = i.indkey[0] WHERE i.indrelid = '%s'::regclass AND a.attname = '__pgt_row_id'")
                        .formatted(db().qualified("order_notes"))))
                .isEqualTo(1);
        assertThat(db().matches("order_notes", "id, amount, note", "SELECT id, amount, note FROM {s}.orders"))
                .isTrue();
        assertThat(db().count("SELECT 1 FROM order_notes WHERE __pgt_row_id IS NULL"))
                .isZero();
    }

    @Test
    @DisplayName("storage: DIFFERENTIAL GROUP BY and DISTINCT keep __pgt_count (rows per group / copies per row)")
    default void storageCountColumn() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        assertThat(db().count("SELECT 1 FROM order_totals WHERE __pgt_count <> order_count"))
                .isZero();
        db().execute("INSERT INTO orders VALUES (5, 100, 1.00, 'e')");
        refresh("order_totals");
        assertThat(db().value("SELECT __pgt_count FROM order_totals WHERE customer_id = 100"))
                .isEqualTo(3L);
        db().execute("SELECT pgtrickle.create_stream_table('customers',"
                + " 'SELECT DISTINCT customer_id FROM {s}.orders', '1m', 'DIFFERENTIAL')");
        assertThat(db().value("SELECT __pgt_count FROM customers WHERE customer_id = 100"))
                .isEqualTo(3L);
        assertThat(db().matches("customers", "customer_id", "SELECT DISTINCT customer_id FROM {s}.orders"))
                .isTrue();
    }

    @Test
    @DisplayName("D1: __pgt_count for scalar aggregates and UNION, __pgt_aux_* per AVG/STDDEV, none for CUBE; SELECT *")
    default void auxiliaryColumns() throws SQLException {
        Assumptions.assumeTrue(referenceEra(), "auxiliary columns read from 0.67's source");
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('stats', 'SELECT customer_id, SUM(amount) AS total_amount,"
                + " COUNT(*) AS order_count, AVG(amount) AS avg_amount FROM {s}.orders GROUP BY customer_id', '1m',"
                + " 'DIFFERENTIAL')");
        List<String> expected = List.of(
                "__pgt_row_id",
                "customer_id",
                "total_amount",
                "order_count",
                "avg_amount",
                "__pgt_count",
                "__pgt_aux_sum_avg_amount",
                "__pgt_aux_count_avg_amount");
        assertThat(storageColumns("stats")).containsExactlyElementsOf(expected);
        // SELECT * shows them all: they are ordinary columns of the storage table.
        assertThat(db().rows("SELECT * FROM stats WHERE customer_id = 100"))
                .singleElement()
                .satisfies(row -> assertThat(row.keySet()).containsExactlyElementsOf(expected))
                .satisfies(row -> assertThat(row)
                        .containsEntry("__pgt_count", 2L)
                        .containsEntry("__pgt_aux_count_avg_amount", 2L)
                        .containsEntry("__pgt_aux_sum_avg_amount", new java.math.BigDecimal("30.50")));
        db().execute("SELECT pgtrickle.create_stream_table('spread', 'SELECT customer_id, stddev(amount) AS sd"
                + " FROM {s}.orders GROUP BY customer_id', '1m', 'DIFFERENTIAL')");
        assertThat(storageColumns("spread"))
                .endsWith("__pgt_count", "__pgt_aux_sum_sd", "__pgt_aux_count_sd", "__pgt_aux_sum2_sd");
        db().execute("SELECT pgtrickle.create_stream_table('n_orders', 'SELECT count(*) AS n FROM {s}.orders', '1m',"
                + " 'DIFFERENTIAL')");
        assertThat(storageColumns("n_orders")).containsExactly("__pgt_row_id", "n", "__pgt_count");
        db().execute("SELECT pgtrickle.create_stream_table('ids', 'SELECT customer_id FROM {s}.orders UNION"
                + " SELECT id FROM {s}.orders', '1m', 'DIFFERENTIAL')");
        assertThat(storageColumns("ids")).containsExactly("__pgt_row_id", "customer_id", "__pgt_count");
        db().execute("SELECT pgtrickle.create_stream_table('cube', 'SELECT customer_id, count(*) AS n FROM {s}.orders"
                + " GROUP BY CUBE (customer_id)', '1m', 'DIFFERENTIAL')");
        assertThat(storageColumns("cube")).containsExactly("__pgt_row_id", "customer_id", "n");
    }

    private List<String> storageColumns(String table) throws SQLException {
        return db()
                .rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '%s'"
                                .formatted(db().schema())
                        + " AND table_name = '%s' ORDER BY ordinal_position".formatted(table))
                .stream()
                .map(row -> (String) row.get("column_name"))
                .toList();
    }

    @Test
    @DisplayName("create with named arguments and initialize => false: INITIALIZING and empty until refreshed")
    default void createNamedWithoutInitialize() throws SQLException {
        ordersTable();
        // Created and inspected in one transaction: whether the real scheduler leaves an INITIALIZING table alone is
        // code reading (reference §2.1), so the scheduler must not get a chance to see it before the checks.
        db().connection().setAutoCommit(false);
        try {
            List<String> messages = db().execute("SELECT pgtrickle.create_stream_table(name => 'order_totals',"
                    + " query => $q$" + TOTALS_QUERY + "$q$, schedule => '1m', refresh_mode => 'FULL',"
                    + " initialize => false)");
            assertThat(messages).anyMatch(m -> m.contains("initialized=false"));
            assertThat(totals())
                    .containsEntry("status", "INITIALIZING")
                    .containsEntry("is_populated", false)
                    .containsEntry("data_timestamp", null);
            assertThat(db().count("SELECT * FROM {s}.order_totals")).isZero();
            assertThat(db().history("order_totals")).isEmpty();
            db().connection().commit();
        } finally {
            db().connection().setAutoCommit(true);
        }

        refresh("order_totals");
        assertThat(totals()).containsEntry("status", "ACTIVE").containsEntry("is_populated", true);
        assertThat(totalsCorrect()).isTrue();
        assertThat(db().history("order_totals")).anySatisfy(h -> assertThat(h)
                .containsEntry("initiated_by", "MANUAL")
                .containsEntry("action", "FULL")
                .containsEntry("status", "COMPLETED"));
    }

    @Test
    @DisplayName("defaults: schedule 'calculated' (stored NULL), refresh mode AUTO resolving to DIFFERENTIAL")
    default void createDefaults() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('order_totals', $q$" + TOTALS_QUERY + "$q$)");
        assertThat(totals()).containsEntry("schedule", null).containsEntry("refresh_mode", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('calc', 'SELECT id FROM {s}.orders', 'CALCULATED', 'full')");
        assertThat(db().catalog("calc")).containsEntry("schedule", null).containsEntry("refresh_mode", "FULL");
    }

    @Test
    @DisplayName(
            "AUTO falls back to FULL with a WARNING where DIFFERENTIAL cannot parse; volatile stays an error (0A000)")
    default void autoFallsBackToFull() throws SQLException {
        ordersTable();
        // A LIMIT inside a FROM subquery is beyond the DVM parser: AUTO downgrades, DIFFERENTIAL refuses.
        String nested = "SELECT * FROM (SELECT id FROM {s}.orders ORDER BY id LIMIT 2) firsts";
        List<String> messages =
                db().execute("SELECT pgtrickle.create_stream_table('nested', $q$" + nested + "$q$, '1m', 'AUTO')");
        assertThat(messages).anyMatch(m -> m.contains("Falling back to FULL refresh"));
        assertThat(db().catalog("nested")).containsEntry("refresh_mode", "FULL");
        Map<String, Object> explained = db().row("SELECT * FROM pgtrickle.explain_refresh_mode('nested')");
        assertThat(explained).containsKeys("configured_mode", "effective_mode", "downgrade_reason");

        // A volatile function is not a parse failure: the volatility check has no AUTO branch (fidelity audit A1).
        assertError(
                "SELECT pgtrickle.create_stream_table('noisy', 'SELECT id, random() AS r FROM {s}.orders', '1m',"
                        + " 'AUTO')",
                "0A000",
                "unsupported operator for DIFFERENTIAL mode");
        assertError(
                "SELECT pgtrickle.create_stream_table('noisy2', 'SELECT id, random() AS r FROM {s}.orders', '1m',"
                        + " 'DIFFERENTIAL')",
                "0A000",
                "unsupported operator for DIFFERENTIAL mode");
        db().execute("SELECT pgtrickle.create_stream_table('noisy3', 'SELECT id, random() AS r FROM {s}.orders', '1m',"
                + " 'FULL')");
        assertThat(db().catalog("noisy3")).containsEntry("refresh_mode", "FULL");
    }

    @Test
    @DisplayName("names: split on the first dot; unqualified names use current_schema()")
    default void nameResolution() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('plain', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        assertThat(db().catalog("plain")).containsEntry("pgt_schema", db().schema());
        db().execute("SELECT pgtrickle.create_stream_table('%s.with.dot', 'SELECT id FROM {s}.orders', '1m', 'FULL')"
                .formatted(db().schema()));
        assertThat(db().catalog("with.dot")).containsEntry("pgt_schema", db().schema());
        assertThat(db().count("SELECT * FROM \"with.dot\"")).isEqualTo(4);
    }

    @Test
    @DisplayName("duplicate name: 42P07 'stream table already exists'; if_not_exists skips with INFO")
    default void duplicates() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        assertError(
                "SELECT pgtrickle.create_stream_table('order_totals', 'SELECT id FROM {s}.orders')",
                "42P07",
                "stream table already exists: %s.order_totals".formatted(db().schema()));
        List<String> messages = db().execute(
                        "SELECT pgtrickle.create_stream_table_if_not_exists('order_totals', 'SELECT id FROM {s}.orders')");
        assertThat(messages)
                .anyMatch(m -> m.contains("already exists") && (!referenceEra() || m.contains("skipping creation")));
        assertThat(totals()).containsEntry("defining_query", db().expand(TOTALS_QUERY));
        db().execute(
                        "SELECT pgtrickle.create_stream_table_if_not_exists('ids', 'SELECT id FROM {s}.orders', '1m', 'FULL')");
        assertThat(db().catalog("ids")).containsEntry("status", "ACTIVE");
    }

    @Test
    @DisplayName("not found: 42P01 'stream table not found' from refresh, alter, drop and resume")
    default void notFound() {
        String missing = db().qualified("missing");
        for (String call : List.of(
                "refresh_stream_table('%s')",
                "alter_stream_table('%s', schedule => '5m')", "drop_stream_table('%s')", "resume_stream_table('%s')")) {
            assertError("SELECT pgtrickle." + call.formatted(missing), "42P01", "stream table not found: " + missing);
        }
    }

    @Test
    @DisplayName("schedules: durations, cron, calculated accepted; NULL, empty, bad units and below-minimum refused")
    default void scheduleValidation() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('s1', 'SELECT id FROM {s}.orders', '1h30m', 'FULL')");
        db().execute("SELECT pgtrickle.create_stream_table('s2', 'SELECT id FROM {s}.orders', '*/5 * * * *', 'FULL')");
        db().execute("SELECT pgtrickle.create_stream_table('s3', 'SELECT id FROM {s}.orders', ' 90 ', 'FULL')");
        assertThat(db().catalog("s1")).containsEntry("schedule", "1h30m");
        assertThat(db().catalog("s2")).containsEntry("schedule", "*/5 * * * *");
        assertThat(db().catalog("s3")).containsEntry("schedule", "90");
        // '@hourly' style cron is not asserted: 0.67 also requires 5 or 6 cron fields (reference §6.2), and whether
        // an '@' shortcut passes that check is not documented.

        String create = "SELECT pgtrickle.create_stream_table('bad', 'SELECT id FROM {s}.orders', %s, 'FULL')";
        assertError(create.formatted("NULL"), "22023", "use 'calculated' instead of NULL");
        assertError(create.formatted("''"), "22023", "schedule cannot be empty");
        assertError(create.formatted("'5ms'"), "22023", "invalid duration unit");
        assertError(create.formatted("'1M'"), "22023", "invalid duration unit 'M'");
        assertError(create.formatted("'1h30x'"), "22023", "invalid duration unit 'x'");
        assertError(create.formatted("'0s'"), "22023", "schedule must be at least");
        // The cron message is the cron parser's own; only that it fails is part of the contract.
        db().error(create.formatted("'61 * * * *'"));
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'bad'"))
                .isZero();
    }

    @Test
    @DisplayName("refresh modes: case-insensitive, INCREMENTAL is DIFFERENTIAL, unknown modes refused (22023)")
    default void refreshModes() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('m1', 'SELECT id FROM {s}.orders', '1m', 'incremental')");
        assertThat(db().catalog("m1")).containsEntry("refresh_mode", "DIFFERENTIAL");
        assertError(
                "SELECT pgtrickle.create_stream_table('m2', 'SELECT id FROM {s}.orders', '1m', 'SOMETIMES')",
                "22023",
                "unknown refresh mode");
    }

    @Test
    @DisplayName("query rejections: LIMIT without ORDER BY, no table, no columns; top-K ORDER BY ... LIMIT accepted")
    default void queryRejections() throws SQLException {
        ordersTable();
        assertError(
                "SELECT pgtrickle.create_stream_table('l1', 'SELECT id FROM {s}.orders LIMIT 2', '1m', 'FULL')",
                "0A000",
                "LIMIT is not supported");
        SQLException noTable =
                db().error("SELECT pgtrickle.create_stream_table('l2', 'SELECT 1 AS one', '1m', 'FULL')");
        assertThat(noTable.getMessage()).contains("Defining query references no tables");
        SQLException noColumns =
                db().error("SELECT pgtrickle.create_stream_table('l3', 'SELECT FROM {s}.orders', '1m', 'FULL')");
        assertThat(noColumns.getMessage()).contains("Defining query returns no columns");
        SQLException badColumn = db().error(
                        "SELECT pgtrickle.create_stream_table('l4', 'SELECT non_existent FROM {s}.orders', '1m', 'FULL')");
        assertThat(badColumn.getMessage()).contains("column \"non_existent\" does not exist");

        db().execute("SELECT pgtrickle.create_stream_table('top2',"
                + " 'SELECT id, amount FROM {s}.orders ORDER BY amount DESC LIMIT 2', '1m', 'FULL')");
        assertThat(db().catalog("top2")).containsEntry("topk_limit", 2);
        assertThat(db().count("SELECT * FROM pgtrickle.pgt_stream_tables WHERE pgt_name LIKE 'l_'"))
                .isZero();
    }

    @Test
    @DisplayName("IMMEDIATE: schedule stored NULL, the stream table follows its source inside the writing transaction")
    default void immediateMode() throws SQLException {
        ordersTable();
        db().execute("SELECT pgtrickle.create_stream_table('order_totals', $q$" + TOTALS_QUERY + "$q$, '1m',"
                + " 'IMMEDIATE')");
        assertThat(totals()).containsEntry("refresh_mode", "IMMEDIATE").containsEntry("schedule", null);
        var connection = db().connection();
        connection.setAutoCommit(false);
        try {
            db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
            // Visible before commit, in the same transaction.
            assertThat(db().value("SELECT total_amount FROM {s}.order_totals WHERE customer_id = 103"))
                    .isNotNull();
            assertThat(totalsCorrect()).isTrue();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        db().execute("DELETE FROM {s}.orders WHERE customer_id = 100");
        assertThat(totalsCorrect()).isTrue();
    }
}
