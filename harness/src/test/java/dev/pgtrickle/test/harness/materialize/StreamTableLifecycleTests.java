package dev.pgtrickle.test.harness.materialize;

import static dev.pgtrickle.test.harness.materialize.Models.config;
import static dev.pgtrickle.test.harness.materialize.Models.streamTable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole stream_table lifecycle of the plan, on the embedded backend with the emulation. */
@DisplayName("stream_table materialization lifecycle")
class StreamTableLifecycleTests {

    static final String ORDER_TOTALS =
            """
            SELECT
                customer_id,
                SUM(amount) AS total_amount,
                COUNT(*) AS order_count
            FROM "public"."raw_orders"
            GROUP BY customer_id
            """;

    static final String WITH_LAST_ORDER =
            """
            SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count,
                   MAX(created_at) AS last_order_at
            FROM "public"."raw_orders"
            GROUP BY customer_id
            """;

    private OrdersDatabase db;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = new OrdersDatabase("StreamTableLifecycleTests");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private ModelRunResult run(ModelToBuild model) {
        return db.runner().run(List.of(model), false).result(model.name());
    }

    private static ModelToBuild orderTotals(String sql, Map<String, Object> config) {
        return streamTable("order_totals", sql, config);
    }

    private static Map<String, Object> plan(Object... more) {
        Map<String, Object> config = config("schedule", "1m", "refresh_mode", "DIFFERENTIAL");
        config.putAll(config(more));
        return config;
    }

    @Test
    @DisplayName("create, unchanged re-run, schedule alter, query change, full refresh")
    void wholeLifecycle() throws SQLException {
        ModelRunResult created = run(orderTotals(ORDER_TOTALS, plan()));
        assertThat(created.action()).isEqualTo(RunAction.CREATED);
        assertThat(created.compiledSql()).isEqualTo(ORDER_TOTALS);
        assertThat(created.statements())
                .singleElement()
                .asString()
                .startsWith("SELECT pgtrickle.create_stream_table(name => 'public.order_totals', query => $pgtrickle$")
                .endsWith("schedule => '1m', refresh_mode => 'DIFFERENTIAL', initialize => true)");
        assertThat(db.single("SELECT count(*) FROM public.order_totals")).isEqualTo("4");
        assertThat(db.single("SELECT total_amount FROM public.order_totals WHERE customer_id = 100"))
                .isEqualTo("161.99");

        ModelRunResult again = run(orderTotals(ORDER_TOTALS, plan()));
        assertThat(again.action()).isEqualTo(RunAction.UNCHANGED);
        assertThat(again.statements()).isEmpty();

        ModelRunResult reformatted = run(orderTotals("  " + ORDER_TOTALS.replace("\n", "\n\n  "), plan()));
        assertThat(reformatted.action()).isEqualTo(RunAction.UNCHANGED);

        ModelRunResult altered = run(orderTotals(ORDER_TOTALS, plan("schedule", "5m")));
        assertThat(altered.action()).isEqualTo(RunAction.ALTERED);
        assertThat(altered.changedSettings()).containsExactly(Map.entry("schedule", new SettingChange("1m", "5m")));
        assertThat(db.single("SELECT schedule FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'order_totals'"))
                .isEqualTo("5m");

        ModelRunResult changed = run(orderTotals(WITH_LAST_ORDER, plan("schedule", "5m")));
        assertThat(changed.action()).isEqualTo(RunAction.RECREATED);
        assertThat(changed.recreateReason()).contains(RecreateReason.QUERY_CHANGED);
        assertThat(changed.statements()).hasSize(2).first().asString().contains("drop_stream_table");
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'order_totals'"
                        + " AND column_name = 'last_order_at'"))
                .containsExactly("last_order_at");
        assertThat(db.single("SELECT count(*) FROM public.order_totals WHERE last_order_at IS NOT NULL"))
                .isEqualTo("4");

        ModelRunResult rebuilt = db.runner()
                .run(List.of(orderTotals(WITH_LAST_ORDER, plan("schedule", "5m"))), true)
                .result("order_totals");
        assertThat(rebuilt.action()).isEqualTo(RunAction.RECREATED);
        assertThat(rebuilt.recreateReason()).contains(RecreateReason.FULL_REFRESH);
        assertThat(db.single("SELECT is_populated FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'order_totals'"))
                .isEqualTo("t");
        assertThat(rebuilt.elapsed()).isPositive();
    }

    @Test
    @DisplayName("refresh_mode and status alters name the changed settings")
    void altersModeAndStatus() throws SQLException {
        run(orderTotals(ORDER_TOTALS, plan()));
        ModelRunResult altered = run(orderTotals(ORDER_TOTALS, plan("refresh_mode", "FULL", "status", "SUSPENDED")));
        assertThat(altered.action()).isEqualTo(RunAction.ALTERED);
        assertThat(altered.changedSettings())
                .containsOnly(
                        Map.entry("refresh_mode", new SettingChange("DIFFERENTIAL", "FULL")),
                        Map.entry("status", new SettingChange("ACTIVE", "SUSPENDED")));
        assertThat(db.column("SELECT refresh_mode || '/' || status FROM pgtrickle.pgt_stream_tables"))
                .containsExactly("FULL/SUSPENDED");
    }

    @Test
    @DisplayName("status PAUSED is applied as SUSPENDED with a note, at creation and later")
    void pausedBecomesSuspended() throws SQLException {
        ModelRunResult created = run(orderTotals(ORDER_TOTALS, plan("status", "PAUSED")));
        assertThat(created.action()).isEqualTo(RunAction.CREATED);
        assertThat(created.notes()).singleElement().asString().contains("PAUSED was applied as SUSPENDED");
        assertThat(db.single("SELECT status FROM pgtrickle.pgt_stream_tables")).isEqualTo("SUSPENDED");

        ModelRunResult resumed = run(orderTotals(ORDER_TOTALS, plan("status", "ACTIVE")));
        assertThat(resumed.changedSettings())
                .containsOnly(Map.entry("status", new SettingChange("SUSPENDED", "ACTIVE")));
        ModelRunResult paused = run(orderTotals(ORDER_TOTALS, plan("status", "paused")));
        assertThat(paused.action()).isEqualTo(RunAction.ALTERED);
        assertThat(paused.changedSettings())
                .containsOnly(Map.entry("status", new SettingChange("ACTIVE", "SUSPENDED")));
        assertThat(db.single("SELECT status FROM pgtrickle.pgt_stream_tables")).isEqualTo("SUSPENDED");
    }

    @Test
    @DisplayName("a model without refresh_mode gets the server's default (AUTO) and stays unchanged on re-runs")
    void autoDefaultIsStable() throws SQLException {
        ModelRunResult created = run(orderTotals(ORDER_TOTALS, config("schedule", "1m")));
        assertThat(created.statements().get(0)).contains("refresh_mode => 'AUTO'");
        assertThat(db.single("SELECT refresh_mode FROM pgtrickle.pgt_stream_tables"))
                .isIn("DIFFERENTIAL", "FULL");
        assertThat(run(orderTotals(ORDER_TOTALS, config("schedule", "1m", "status", "ACTIVE")))
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    @DisplayName("schedule none is CALCULATED, written as the server expects")
    void calculatedSchedule() throws SQLException {
        ModelRunResult created = run(orderTotals(ORDER_TOTALS, plan("schedule", null)));
        assertThat(created.statements().get(0)).contains("schedule => 'calculated'");
        assertThat(db.column("SELECT coalesce(schedule, '<null>') FROM pgtrickle.pgt_stream_tables"))
                .containsExactly("<null>");
        assertThat(run(orderTotals(ORDER_TOTALS, plan("schedule", null))).action())
                .isEqualTo(RunAction.UNCHANGED);
        ModelRunResult back = run(orderTotals(ORDER_TOTALS, plan("schedule", "2m")));
        assertThat(back.changedSettings()).containsOnly(Map.entry("schedule", new SettingChange("CALCULATED", "2m")));
    }

    @Test
    @DisplayName("on_query_change: replace applies a query change in place (REPLACED)")
    void replaceInPlace() throws SQLException {
        run(orderTotals(ORDER_TOTALS, plan()));
        String before = db.single("SELECT pgt_id FROM pgtrickle.pgt_stream_tables");
        ModelRunResult replaced = db.runner(QueryChangeStrategy.REPLACE)
                .run(List.of(orderTotals(WITH_LAST_ORDER, plan())), false)
                .result("order_totals");
        assertThat(replaced.action()).isEqualTo(RunAction.REPLACED);
        assertThat(replaced.statements())
                .singleElement()
                .asString()
                .contains("alter_stream_table(name => ")
                .contains("query => $pgtrickle$");
        assertThat(db.single("SELECT pgt_id FROM pgtrickle.pgt_stream_tables")).isEqualTo(before);
        assertThat(db.single("SELECT count(last_order_at) FROM public.order_totals"))
                .isEqualTo("4");
    }

    @Test
    @DisplayName("newer keys are passed through only when set, and re-compared on later runs")
    void newerKeysPassThrough() throws SQLException {
        ModelRunResult created = run(orderTotals(
                ORDER_TOTALS,
                plan(
                        "cdc_mode",
                        "trigger",
                        "append_only",
                        false,
                        "diamond_consistency",
                        "atomic",
                        "fuse",
                        "auto",
                        "fuse_ceiling",
                        100000,
                        "fuse_sensitivity",
                        3,
                        "partition_by",
                        "customer_id")));
        assertThat(created.action()).isEqualTo(RunAction.CREATED);
        assertThat(created.statements().get(0))
                .contains("cdc_mode => 'trigger'", "append_only => false", "partition_by => 'customer_id'")
                .doesNotContain("pooler_compatibility_mode", "fuse");
        assertThat(created.statements().get(1))
                .contains("alter_stream_table", "fuse => 'auto'", "fuse_ceiling => 100000", "fuse_sensitivity => 3");
        assertThat(db.single("SELECT requested_cdc_mode || '/' || fuse_mode || '/' || fuse_ceiling || '/'"
                        + " || st_partition_key FROM pgtrickle.pgt_stream_tables"))
                .isEqualTo("trigger/auto/100000/customer_id");
        ModelRunResult again = run(orderTotals(
                ORDER_TOTALS,
                plan(
                        "cdc_mode",
                        "trigger",
                        "append_only",
                        false,
                        "diamond_consistency",
                        "atomic",
                        "fuse",
                        "on",
                        "fuse_ceiling",
                        100000,
                        "fuse_sensitivity",
                        3,
                        "partition_by",
                        "customer_id")));
        assertThat(again.action()).isEqualTo(RunAction.ALTERED);
        assertThat(again.changedSettings()).containsOnly(Map.entry("fuse", new SettingChange("auto", "on")));
    }

    @Test
    @DisplayName("a query the server rejects is ERROR with its message, and the stream table is left as it was")
    void failedRecreateKeepsTheOldTable() throws SQLException {
        run(orderTotals(ORDER_TOTALS, plan()));
        ModelRunResult failed = run(orderTotals("SELECT customer_id, no_such_column FROM public.raw_orders", plan()));
        assertThat(failed.action()).isEqualTo(RunAction.ERROR);
        assertThat(failed.errorMessage()).get().asString().contains("no_such_column");
        assertThat(db.single("SELECT count(*) FROM public.order_totals")).isEqualTo("4");
    }

    @Test
    @DisplayName("a setting the emulation cannot provide fails with the server's message")
    void unsupportedExtraIsServerError() {
        ModelRunResult failed = run(orderTotals(ORDER_TOTALS, plan("storage_backend", "citus")));
        assertThat(failed.action()).isEqualTo(RunAction.ERROR);
        assertThat(failed.errorMessage()).get().asString().contains("storage_backend 'citus' is not available");
    }

    @Test
    @DisplayName("a full refresh of chained stream tables drops downstream first and recreates both")
    void fullRefreshOfAChain() throws SQLException {
        ModelToBuild totals = orderTotals(ORDER_TOTALS, plan());
        ModelToBuild big = new ModelToBuild(
                "big_customers",
                java.nio.file.Path.of("models/big_customers.sql"),
                new dev.pgtrickle.test.harness.project.Relation("public", "big_customers"),
                "stream_table",
                "SELECT customer_id FROM public.order_totals WHERE total_amount > 100",
                plan(),
                List.of(),
                List.of(),
                java.util.Set.of("order_totals"));
        assertThat(db.runner().run(List.of(totals, big), false).hasFailures()).isFalse();
        RunResults rebuilt = db.runner().run(List.of(totals, big), true);
        assertThat(rebuilt.results())
                .extracting(ModelRunResult::action, ModelRunResult::recreateReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                RunAction.RECREATED, java.util.Optional.of(RecreateReason.FULL_REFRESH)),
                        org.assertj.core.groups.Tuple.tuple(
                                RunAction.RECREATED, java.util.Optional.of(RecreateReason.FULL_REFRESH)));
        assertThat(rebuilt.result("order_totals").statements().get(0)).contains("drop_stream_table");
        assertThat(db.single("SELECT count(*) FROM public.big_customers"))
                .isEqualTo(db.single("SELECT count(*) FROM public.order_totals WHERE total_amount > 100"));
    }

    @Test
    @DisplayName("a query change upstream of another stream table is refused by the drop: the error names the reader"
            + " and the fixes; replace applies it")
    void queryChangeUnderADownstreamStreamTable() throws SQLException {
        ModelToBuild big = new ModelToBuild(
                "big_customers",
                java.nio.file.Path.of("models/big_customers.sql"),
                new dev.pgtrickle.test.harness.project.Relation("public", "big_customers"),
                "stream_table",
                "SELECT customer_id FROM public.order_totals WHERE total_amount > 100",
                plan(),
                List.of(),
                List.of(),
                java.util.Set.of("order_totals"));
        assertThat(db.runner()
                        .run(List.of(orderTotals(ORDER_TOTALS, plan()), big), false)
                        .hasFailures())
                .isFalse();

        RunResults changed = db.runner().run(List.of(orderTotals(WITH_LAST_ORDER, plan()), big), false);

        assertThat(changed.result("order_totals").action()).isEqualTo(RunAction.ERROR);
        assertThat(changed.result("order_totals").errorMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains(
                        "has dependent stream tables",
                        "model 'order_totals' (models/order_totals.sql): the query changed, so the stream"
                                + " table public.order_totals must be dropped and created again, but the"
                                + " stream tables public.big_customers read it. Run a full refresh"
                                + " (--full-refresh, fullRefresh()), which recreates the chain downstream"
                                + " first, or set on_query_change: replace to change the query in place"));
        assertThat(changed.result("big_customers").action()).isEqualTo(RunAction.SKIPPED);
        assertThat(db.single("SELECT count(*) FROM public.big_customers"))
                .isEqualTo(db.single("SELECT count(*) FROM public.order_totals WHERE total_amount > 100"));

        RunResults replaced =
                db.runner().run(List.of(orderTotals(WITH_LAST_ORDER, plan("on_query_change", "replace")), big), false);
        assertThat(replaced.result("order_totals").action()).isEqualTo(RunAction.REPLACED);
    }

    @Test
    @DisplayName(
            "replace through create_or_replace_stream_table when alter has no query parameter; AUTO sent as stored")
    void replaceThroughCreateOrReplace() throws SQLException {
        var server = db.database.pgTrickle();
        var withoutAlterQuery = new dev.pgtrickle.test.harness.server.PgTrickleInfo(
                server.version(),
                server.emulated(),
                true,
                server.hasCreateIfNotExists(),
                false,
                server.calculatedScheduleAsNull(),
                server.defaultRefreshMode(),
                server.dropHasCascade());
        ModelRunner runner =
                new ModelRunner(db.database::connect, withoutAlterQuery, true, QueryChangeStrategy.REPLACE);
        runner.run(List.of(orderTotals(ORDER_TOTALS, config("schedule", "1m", "status", "ACTIVE"))), false);
        String storedMode = db.single("SELECT refresh_mode FROM pgtrickle.pgt_stream_tables");
        ModelRunResult replaced = runner.run(
                        List.of(orderTotals(WITH_LAST_ORDER, config("schedule", "1m", "status", "SUSPENDED"))), false)
                .result("order_totals");
        assertThat(replaced.action()).isEqualTo(RunAction.REPLACED);
        assertThat(replaced.statements()).hasSize(2);
        assertThat(replaced.statements().get(0))
                .startsWith("SELECT pgtrickle.create_or_replace_stream_table(")
                .contains("refresh_mode => '" + storedMode + "'");
        assertThat(replaced.statements().get(1)).contains("alter_stream_table", "status => 'SUSPENDED'");
        assertThat(db.single("SELECT status FROM pgtrickle.pgt_stream_tables")).isEqualTo("SUSPENDED");
        assertThat(db.single("SELECT count(last_order_at) FROM public.order_totals"))
                .isEqualTo("4");
    }

    @Test
    @DisplayName("a setting the server's API has no parameter for is ERROR naming the setting and the function")
    void settingUnknownToTheServer() throws SQLException {
        run(orderTotals(ORDER_TOTALS, plan("cdc_mode", "trigger")));
        // An era-A shaped alter_stream_table (no fuse parameter), as pg_trickle 0.1.x has it.
        db.execute("DO $$ BEGIN EXECUTE 'DROP FUNCTION ' || (SELECT oid::regprocedure::text FROM pg_proc"
                + " WHERE proname = 'alter_stream_table'); END $$");
        db.execute(
                "CREATE FUNCTION pgtrickle.alter_stream_table(name text, schedule text DEFAULT NULL,"
                        + " refresh_mode text DEFAULT NULL, status text DEFAULT NULL) RETURNS void LANGUAGE sql AS $$ SELECT $$");
        ModelRunResult failed = run(orderTotals(ORDER_TOTALS, plan("fuse", "auto")));
        assertThat(failed.action()).isEqualTo(RunAction.ERROR);
        assertThat(failed.errorMessage())
                .get()
                .asString()
                .startsWith(
                        "model 'order_totals' (models/order_totals.sql): config fuse is not supported by pg_trickle")
                .endsWith("pgtrickle.alter_stream_table has no parameter fuse; remove the setting or use a newer"
                        + " pg_trickle");
        assertThat(db.single("SELECT fuse_mode FROM pgtrickle.pgt_stream_tables"))
                .isEqualTo("off");

        ModelRunResult alter = run(orderTotals(ORDER_TOTALS, plan("cdc_mode", "auto")));
        assertThat(alter.action()).isEqualTo(RunAction.ERROR);
        assertThat(alter.errorMessage())
                .get()
                .asString()
                .contains("config cdc_mode is not supported by")
                .contains("pgtrickle.alter_stream_table has no parameter cdc_mode");
        assertThat(db.single("SELECT requested_cdc_mode FROM pgtrickle.pgt_stream_tables"))
                .isEqualTo("trigger");
    }

    @Test
    @DisplayName("a query the server stored rewritten (models over views) matches original_query: UNCHANGED")
    void rewrittenQueryMatchesOriginal() throws SQLException {
        db.execute("CREATE VIEW public.orders_v AS SELECT * FROM public.raw_orders");
        String overView = "SELECT customer_id, count(*) AS n FROM public.orders_v GROUP BY customer_id";
        run(orderTotals(overView, plan()));
        // What the real extension stores for a query over a view (the emulation keeps the text as given).
        db.execute("UPDATE pgtrickle.pgt_stream_tables SET original_query = defining_query, defining_query ="
                + " 'SELECT customer_id, count(*) AS n FROM (SELECT raw_orders.id, raw_orders.customer_id,"
                + " raw_orders.amount, raw_orders.created_at FROM raw_orders) orders_v GROUP BY customer_id'");
        assertThat(run(orderTotals(overView, plan())).action()).isEqualTo(RunAction.UNCHANGED);
        ModelRunResult changed = run(orderTotals(overView.replace("count(*)", "count(id)"), plan()));
        assertThat(changed.action()).isEqualTo(RunAction.RECREATED);
        assertThat(changed.recreateReason()).contains(RecreateReason.QUERY_CHANGED);
    }
}
