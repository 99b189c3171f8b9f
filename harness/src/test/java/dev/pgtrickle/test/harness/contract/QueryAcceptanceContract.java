package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which defining queries create_stream_table accepts, refuses or downgrades to FULL, per refresh mode: the rules of the
 * real extension's API layer and DVM parser (fidelity audit A1-A11). Texts are asserted in full where the reference era
 * (0.67) is running and by their stable part on older images.
 */
interface QueryAcceptanceContract extends ContractSupport {

    String VOLATILE_TEXT = "unsupported operator for DIFFERENTIAL mode: Defining query contains volatile expressions";

    default String create(String name, String query, String mode) {
        return "SELECT pgtrickle.create_stream_table('%s', $q$%s$q$, '1m', '%s')".formatted(name, query, mode);
    }

    default boolean exists(String name) throws SQLException {
        return db().count("SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = '%s' AND pgt_name = '%s'"
                        .formatted(db().schema(), name))
                == 1;
    }

    default Object modeOf(String name) throws SQLException {
        return db().catalog(name).get("refresh_mode");
    }

    @Test
    @DisplayName("A1: a volatile function is an error in AUTO (the default) as in DIFFERENTIAL; FULL accepts it")
    default void volatileInAutoIsAnError() throws SQLException {
        ordersTable();
        for (String expression : List.of("random()", "gen_random_uuid()", "clock_timestamp()")) {
            assertError(
                    create("noisy", "SELECT id, " + expression + " AS r FROM {s}.orders", "AUTO"),
                    "0A000",
                    VOLATILE_TEXT);
        }
        SQLException byDefault = db().error(
                        "SELECT pgtrickle.create_stream_table('noisy', 'SELECT id, random() AS r FROM {s}.orders', '1m')");
        assertThat(byDefault.getMessage()).contains(VOLATILE_TEXT);
        if (atLeast("0.15.0")) {
            assertThat(byDefault.getMessage())
                    .contains("(Override with: SET pg_trickle.volatile_function_policy = 'warn' or 'allow')");
        }
        assertThat(exists("noisy")).isFalse();
        db().execute(create("noisy", "SELECT id, random() AS r FROM {s}.orders", "FULL"));
        assertThat(modeOf("noisy")).isEqualTo("FULL");
    }

    @Test
    @DisplayName("A1: a volatile function inside a view the query reads counts too (views are inlined)")
    default void volatileThroughView() throws SQLException {
        ordersTable();
        db().execute("CREATE VIEW stamped AS SELECT id, customer_id, clock_timestamp() AS seen FROM orders");
        assertError(create("via_view", "SELECT id, seen FROM {s}.stamped", "AUTO"), "0A000", VOLATILE_TEXT);
        db().execute(create("via_view_ok", "SELECT id, customer_id FROM {s}.orders", "AUTO"));
        assertThat(modeOf("via_view_ok")).isEqualTo("DIFFERENTIAL");
    }

    @Test
    @DisplayName(
            "A2: SET pg_trickle.volatile_function_policy = 'warn' / 'allow' lets DIFFERENTIAL accept volatile functions")
    default void volatileFunctionPolicy() throws SQLException {
        assumeAtLeast("0.15.0", "pg_trickle.volatile_function_policy");
        ordersTable();
        try {
            db().execute("SET pg_trickle.volatile_function_policy = 'warn'");
            List<String> warned =
                    db().execute(create("warned", "SELECT id, random() AS r FROM {s}.orders", "DIFFERENTIAL"));
            assertThat(warned).anyMatch(m -> m.contains("Allowed by pg_trickle.volatile_function_policy = 'warn'"));
            assertThat(modeOf("warned")).isEqualTo("DIFFERENTIAL");
            db().execute("SET pg_trickle.volatile_function_policy = 'allow'");
            List<String> allowed = db().execute(create("allowed", "SELECT id, random() AS r FROM {s}.orders", "AUTO"));
            assertThat(allowed).noneMatch(m -> m.contains("volatile"));
            assertThat(modeOf("allowed")).isEqualTo("DIFFERENTIAL");
            db().execute("SET pg_trickle.volatile_function_policy = 'reject'");
            assertError(
                    create("rejected", "SELECT id, random() AS r FROM {s}.orders", "DIFFERENTIAL"),
                    "0A000",
                    VOLATILE_TEXT);
        } finally {
            db().execute("RESET pg_trickle.volatile_function_policy");
        }
    }

    @Test
    @DisplayName("stable functions (now()) are accepted in DIFFERENTIAL with a WARNING")
    default void stableFunctionsWarn() throws SQLException {
        ordersTable();
        List<String> messages =
                db().execute(create("stamped", "SELECT id, now() AS t FROM {s}.orders", "DIFFERENTIAL"));
        assertThat(messages).anyMatch(m -> m.contains("stable functions"));
        assertThat(modeOf("stamped")).isEqualTo("DIFFERENTIAL");
    }

    @Test
    @DisplayName(
            "A3: LIMIT or DISTINCT ON inside a FROM subquery, LIMIT inside a CTE: refused in DIFFERENTIAL, FULL in AUTO")
    default void nestedLimitAndDistinctOn() throws SQLException {
        ordersTable();
        String distinctOn = "SELECT * FROM (SELECT DISTINCT ON (customer_id) customer_id, id FROM {s}.orders"
                + " ORDER BY customer_id, id) firsts";
        assertError(
                create("d1", distinctOn, "DIFFERENTIAL"),
                "0A000",
                "DISTINCT ON is not supported in defining queries. Use plain DISTINCT or rewrite with window functions.");
        String limited = "SELECT * FROM (SELECT id FROM {s}.orders ORDER BY id LIMIT 2) firsts";
        assertError(create("d2", limited, "DIFFERENTIAL"), "0A000", "LIMIT is not supported in the DVM pipeline");
        String cte = "WITH firsts AS (SELECT id FROM {s}.orders ORDER BY id LIMIT 2) SELECT id FROM firsts";
        assertError(create("d3", cte, "DIFFERENTIAL"), "0A000", "LIMIT is not supported in the DVM pipeline");

        List<String> messages = db().execute(create("d4", limited, "AUTO"));
        assertThat(messages)
                .anyMatch(m -> m.contains("Falling back to FULL refresh: query cannot use differential maintenance"));
        assertThat(modeOf("d4")).isEqualTo("FULL");
        assertThat(db().count("SELECT * FROM d4")).isEqualTo(2);
        // DISTINCT ON at the top level is rewritten by the real extension, so it stays DIFFERENTIAL.
        db().execute(create(
                "d5",
                "SELECT DISTINCT ON (customer_id) customer_id, id FROM {s}.orders ORDER BY customer_id, id",
                "DIFFERENTIAL"));
        assertThat(modeOf("d5")).isEqualTo("DIFFERENTIAL");
        assertThat(exists("d1") || exists("d2") || exists("d3")).isFalse();
    }

    @Test
    @DisplayName("A4: VALUES and ROWS FROM(f, g) in FROM refused in DIFFERENTIAL; one set-returning function is fine")
    default void valuesAndTableFunctions() throws SQLException {
        ordersTable();
        String values = "SELECT o.id, v.x FROM {s}.orders o JOIN (VALUES (1), (2)) v(x) ON v.x = o.id";
        assertError(
                create("v1", values, "DIFFERENTIAL"),
                "42000",
                "query parse error: Defining query must have a FROM clause");
        db().execute(create("v2", values, "FULL"));
        assertThat(db().count("SELECT * FROM v2")).isEqualTo(2);
        assertError(
                create(
                        "f1",
                        "SELECT o.id, f.a FROM {s}.orders o, ROWS FROM (generate_series(1, 2), generate_series(1, 3)) f(a, b)",
                        "DIFFERENTIAL"),
                "0A000",
                "ROWS FROM() with multiple functions is not supported");
        db().execute(create("f2", "SELECT o.id, g FROM {s}.orders o, generate_series(1, 2) g", "DIFFERENTIAL"));
        assertThat(modeOf("f2")).isEqualTo("DIFFERENTIAL");
        assertThat(db().count("SELECT * FROM f2")).isEqualTo(8);
    }

    @Test
    @DisplayName("A4: expr > ALL (subquery) in the select list is refused in DIFFERENTIAL and falls back in AUTO")
    default void allSubqueryInSelectList() throws SQLException {
        ordersTable();
        String query = "SELECT o.id, o.amount >= ALL (SELECT amount FROM {s}.orders) AS biggest FROM {s}.orders o";
        SQLException refused = db().error(create("a1", query, "DIFFERENTIAL"));
        if (referenceEra()) {
            assertThat(refused.getMessage())
                    .contains("ALL (subquery) is not supported in defining queries. Consider rewriting as a JOIN or"
                            + " LATERAL subquery.");
        }
        db().execute(create("a2", query, "AUTO"));
        assertThat(modeOf("a2")).isEqualTo("FULL");
        assertThat(db().count("SELECT * FROM a2 WHERE biggest")).isEqualTo(1);
    }

    @Test
    @DisplayName("A4: recursive CTE with SEARCH or CYCLE is refused in DIFFERENTIAL, accepted in FULL")
    default void recursiveSearchCycle() throws SQLException {
        assumeAtLeast("0.61.0", "the SEARCH/CYCLE rejection");
        ordersTable();
        String search = "WITH RECURSIVE r(n) AS (SELECT id FROM {s}.orders UNION ALL SELECT n + 1 FROM r WHERE n < 5)"
                + " SEARCH DEPTH FIRST BY n SET ord SELECT n FROM r";
        assertError(
                create("r1", search, "DIFFERENTIAL"),
                "0A000",
                "SEARCH clause (SEARCH BREADTH/DEPTH FIRST BY) is not yet"
                        + " supported in differential mode (planned for v1.1.0). CTE: 'r'.");
        String cycle = "WITH RECURSIVE r(n) AS (SELECT id FROM {s}.orders UNION ALL SELECT n + 1 FROM r WHERE n < 5)"
                + " CYCLE n SET is_cycle USING path SELECT n FROM r";
        assertError(
                create("r2", cycle, "DIFFERENTIAL"),
                "0A000",
                "CYCLE clause (CYCLE ... SET ... USING) is not yet" + " supported in differential mode");
        db().execute(create("r3", cycle, "FULL"));
        assertThat(modeOf("r3")).isEqualTo("FULL");
    }

    @Test
    @DisplayName("A5: TABLESAMPLE is refused in FULL and DIFFERENTIAL (with its position) and falls back in AUTO")
    default void tablesample() throws SQLException {
        ordersTable();
        String sampled = "SELECT id FROM {s}.orders TABLESAMPLE BERNOULLI (50)";
        for (String mode : List.of("FULL", "DIFFERENTIAL")) {
            SQLException refused = db().error(create("t1", sampled, mode));
            assertThat(refused.getMessage())
                    .contains("TABLESAMPLE")
                    .contains("use a WHERE condition with random() if sampling is needed");
            if (referenceEra()) {
                // The position of the sampling method, as the real message gives it.
                int column = db().expand(sampled).indexOf("BERNOULLI") + 1;
                assertThat(refused.getMessage())
                        .contains("TABLESAMPLE at line 1, column " + column + " is not supported");
            }
        }
        List<String> messages = db().execute(create("t2", sampled, "AUTO"));
        assertThat(messages).anyMatch(m -> m.contains("Falling back to FULL refresh: unsupported construct"));
        assertThat(modeOf("t2")).isEqualTo("FULL");
    }

    @Test
    @DisplayName("A6: FOR UPDATE falls back to FULL in AUTO with a WARNING; FULL and DIFFERENTIAL refuse it")
    default void forUpdate() throws SQLException {
        ordersTable();
        String locking = "SELECT id FROM {s}.orders FOR UPDATE";
        List<String> messages = db().execute(create("l1", locking, "AUTO"));
        assertThat(messages).anyMatch(m -> m.contains("Falling back to FULL refresh"));
        assertThat(modeOf("l1")).isEqualTo("FULL");
        for (String mode : List.of("FULL", "DIFFERENTIAL")) {
            SQLException refused = db().error(create("l2", locking, mode));
            assertThat(refused.getMessage()).contains("FOR UPDATE/FOR SHARE is not supported in defining queries");
            if (referenceEra()) {
                assertThat(refused.getMessage()).contains("Stream tables do not support row-level locking.");
            }
        }
    }

    @Test
    @DisplayName(
            "A7: LIMIT ALL is no LIMIT; ORDER BY ... FETCH FIRST n ROWS ONLY is TopK; LIMIT or OFFSET alone refused")
    default void limitForms() throws SQLException {
        ordersTable();
        db().execute(create("all_rows", "SELECT id FROM {s}.orders LIMIT ALL", "DIFFERENTIAL"));
        assertThat(db().catalog("all_rows"))
                .containsEntry("refresh_mode", "DIFFERENTIAL")
                .containsEntry("topk_limit", null);
        assertThat(db().count("SELECT * FROM all_rows")).isEqualTo(4);
        db().execute(create(
                "top2", "SELECT id, amount FROM {s}.orders ORDER BY amount DESC FETCH FIRST 2 ROWS ONLY", "FULL"));
        assertThat(db().catalog("top2")).containsEntry("topk_limit", 2);
        assertThat(db().count("SELECT * FROM top2")).isEqualTo(2);

        assertError(
                create("l1", "SELECT id FROM {s}.orders LIMIT 2", "FULL"),
                "0A000",
                "LIMIT is not supported in defining queries without ORDER BY. Use ORDER BY + LIMIT for TopK stream"
                        + " tables, or omit LIMIT to materialize the full result set.");
        assertError(
                create("l2", "SELECT id FROM {s}.orders OFFSET 2", "AUTO"),
                "0A000",
                "OFFSET is not supported in defining queries without ORDER BY + LIMIT.");
    }

    @Test
    @DisplayName("A8: CUBE/ROLLUP over more than 64 grouping-set branches is a query error in every mode")
    default void groupingSetBranchLimit() throws SQLException {
        db().execute("CREATE TABLE wide (a int, b int, c int, d int, e int, f int, g int, PRIMARY KEY (a, b))");
        db().execute("INSERT INTO wide VALUES (1, 1, 1, 1, 1, 1, 1)");
        assertError(
                create(
                        "cube7",
                        "SELECT a, b, c, d, e, f, g, count(*) AS n FROM {s}.wide GROUP BY CUBE (a, b, c, d, e, f, g)",
                        "FULL"),
                "42000",
                "CUBE/ROLLUP generates 128 grouping set branches which exceeds the limit of 64");
        db().execute(create("cube3", "SELECT a, b, c, count(*) AS n FROM {s}.wide GROUP BY CUBE (a, b, c)", "FULL"));
        assertThat(db().count("SELECT * FROM cube3")).isEqualTo(8);
    }

    @Test
    @DisplayName("A10: append_only is refused with FULL, with IMMEDIATE and over sources without a primary key (seeds)")
    default void appendOnlyChecks() throws SQLException {
        ordersTable();
        db().execute("CREATE TABLE seed_like (id int, v int)");
        String call = "SELECT pgtrickle.create_stream_table('%s', $q$%s$q$, '1m', '%s', true, append_only => true)";
        assertError(
                call.formatted("ao1", "SELECT id FROM {s}.orders", "FULL"),
                "22023",
                "append_only is not supported with FULL refresh mode.");
        assertError(
                call.formatted("ao2", "SELECT id FROM {s}.orders", "IMMEDIATE"),
                "22023",
                "append_only is not supported with IMMEDIATE refresh mode.");
        assertError(
                call.formatted("ao3", "SELECT id, v FROM {s}.seed_like", "DIFFERENTIAL"),
                "22023",
                "append_only is not supported for stream tables with keyless sources.");
        db().execute(call.formatted("ao4", "SELECT id, amount FROM {s}.orders", "DIFFERENTIAL"));
        assertThat(db().catalog("ao4")).containsEntry("is_append_only", true);
        assertThat(exists("ao1") || exists("ao2") || exists("ao3")).isFalse();
    }

    @Test
    @DisplayName("A11: cross-option checks: slowest needs atomic, IMMEDIATE refuses cdc_mode 'wal' and partition_by")
    default void crossOptionChecks() throws SQLException {
        ordersTable();
        assertError(
                "SELECT pgtrickle.create_stream_table('x1', 'SELECT id FROM {s}.orders', '1m', 'DIFFERENTIAL',"
                        + " diamond_consistency => 'none', diamond_schedule_policy => 'slowest')",
                "22023",
                "diamond_schedule_policy = 'slowest' requires diamond_consistency = 'atomic'");
        assertError(
                "SELECT pgtrickle.create_stream_table('x2', 'SELECT id FROM {s}.orders', 'calculated', 'IMMEDIATE',"
                        + " cdc_mode => 'wal')",
                "22023",
                "refresh_mode = 'IMMEDIATE' is incompatible with cdc_mode = 'wal'");
        assertError(
                "SELECT pgtrickle.create_stream_table('x3', 'SELECT id, customer_id FROM {s}.orders', 'calculated',"
                        + " 'IMMEDIATE', partition_by => 'customer_id')",
                "22023",
                "partition_by is not supported with IMMEDIATE refresh mode");
        assertThat(exists("x1") || exists("x2") || exists("x3")).isFalse();
    }
}
