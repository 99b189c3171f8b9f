package dev.pgtrickle.test.harness.materialize;

import static dev.pgtrickle.test.harness.materialize.Models.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** view, table, ephemeral, hooks, schemas, failures and skips, on the embedded backend. */
@DisplayName("model runner")
class ModelRunnerTests {

    private OrdersDatabase db;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = new OrdersDatabase("ModelRunnerTests");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private static ModelToBuild model(
            String name, String materialization, Relation relation, String sql, Set<String> upstream) {
        return new ModelToBuild(
                name,
                Path.of("models", name + ".sql"),
                relation,
                materialization,
                sql,
                config("materialized", materialization),
                List.of(),
                List.of(),
                upstream);
    }

    private static ModelToBuild model(String name, String materialization, String sql, String... upstream) {
        return model(name, materialization, new Relation("public", name), sql, Set.of(upstream));
    }

    @Test
    @DisplayName("view and table are created, then replaced and rebuilt on the next run")
    void viewsAndTables() throws SQLException {
        List<ModelToBuild> models = List.of(
                model("big_orders", "view", "SELECT * FROM public.raw_orders WHERE amount > 40"),
                model("big_order_count", "table", "SELECT count(*) AS n FROM public.big_orders", "big_orders"));
        RunResults first = db.runner().run(models, false);
        assertThat(first.results())
                .extracting(ModelRunResult::action)
                .containsExactly(RunAction.CREATED, RunAction.CREATED);
        assertThat(db.single("SELECT n FROM public.big_order_count"))
                .isEqualTo(db.single("SELECT count(*) FROM public.raw_orders WHERE amount > 40"))
                .isNotEqualTo("0");

        RunResults second = db.runner().run(models, false);
        assertThat(second.result("big_orders").action()).isEqualTo(RunAction.REPLACED);
        assertThat(second.result("big_order_count").action()).isEqualTo(RunAction.RECREATED);
        assertThat(second.result("big_order_count").recreateReason()).contains(RecreateReason.TABLE_REBUILD);
    }

    @Test
    @DisplayName("a view whose columns change is dropped and created")
    void viewWithChangedColumns() throws SQLException {
        db.runner().run(List.of(model("v", "view", "SELECT id, amount FROM public.raw_orders")), false);
        ModelRunResult changed = db.runner()
                .run(List.of(model("v", "view", "SELECT id FROM public.raw_orders")), false)
                .result("v");
        assertThat(changed.action()).isEqualTo(RunAction.RECREATED);
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'v'"))
                .containsExactly("id");
    }

    @Test
    @DisplayName("ephemeral models build nothing and are reported as SKIPPED with the reason")
    void ephemeral() throws SQLException {
        ModelRunResult result = db.runner()
                .run(List.of(model("helper", "ephemeral", "SELECT 1")), false)
                .result("helper");
        assertThat(result.action()).isEqualTo(RunAction.SKIPPED);
        assertThat(result.notes()).singleElement().asString().contains("inlined as a CTE");
        assertThat(db.single("SELECT to_regclass('public.helper') IS NULL")).isEqualTo("t");
    }

    @Test
    @DisplayName("pre- and post-hooks run around the model, in order")
    void hooks() throws SQLException {
        db.execute("CREATE TABLE audit (step text, at serial)");
        ModelToBuild withHooks = new ModelToBuild(
                "totals",
                Path.of("models/totals.sql"),
                new Relation("public", "totals"),
                "table",
                "SELECT customer_id FROM public.raw_orders",
                config(),
                List.of(HookStatement.inTransaction("INSERT INTO audit(step) VALUES ('pre')")),
                List.of(
                        HookStatement.inTransaction(
                                "INSERT INTO audit(step) SELECT 'post:' || count(*) FROM \"public\".\"totals\""),
                        HookStatement.inTransaction("INSERT INTO audit(step) VALUES ('post2')")),
                Set.of());
        ModelRunResult result = db.runner().run(List.of(withHooks), false).result("totals");
        assertThat(result.action()).isEqualTo(RunAction.CREATED);
        assertThat(result.statements()).hasSize(4);
        assertThat(db.column("SELECT step FROM audit ORDER BY at")).containsExactly("pre", "post:10", "post2");
    }

    @Test
    @DisplayName("a failing hook makes the model ERROR with the database's message")
    void failingHook() {
        ModelToBuild failing = new ModelToBuild(
                "totals",
                Path.of("models/totals.sql"),
                new Relation("public", "totals"),
                "view",
                "SELECT 1 AS one",
                config(),
                List.of(HookStatement.inTransaction("SELECT * FROM no_such_table")),
                List.of(),
                Set.of());
        ModelRunResult result = db.runner().run(List.of(failing), false).result("totals");
        assertThat(result.action()).isEqualTo(RunAction.ERROR);
        assertThat(result.errorMessage()).get().asString().contains("relation \"no_such_table\" does not exist");
    }

    @Test
    @DisplayName("custom schemas are created in a harness-owned database, for every materialization")
    void customSchemas() throws SQLException {
        RunResults results = db.runner()
                .run(
                        List.of(
                                model("v", "view", new Relation("public_staging", "v"), "SELECT 1 AS one", Set.of()),
                                Models.streamTable(
                                        "st",
                                        "SELECT customer_id, count(*) AS n FROM public.raw_orders GROUP BY 1",
                                        config("stream_table_schema", "public_marts"))),
                        false);
        assertThat(results.hasFailures()).isFalse();
        assertThat(results.result("st").relation()).isEqualTo(new Relation("public_marts", "st"));
        assertThat(db.single("SELECT count(*) FROM public_marts.st")).isEqualTo("4");
        assertThat(db.single("SELECT one FROM public_staging.v")).isEqualTo("1");
    }

    @Test
    @DisplayName("a missing schema is an ERROR saying how to provide it when the harness may not create it")
    void missingSchemaInForeignDatabase() {
        ModelRunner runner =
                new ModelRunner(db.database::connect, db.database.pgTrickle(), false, QueryChangeStrategy.RECREATE);
        ModelRunResult result = runner.run(
                        List.of(model("v", "view", new Relation("elsewhere", "v"), "SELECT 1", Set.of())), false)
                .result("v");
        assertThat(result.action()).isEqualTo(RunAction.ERROR);
        assertThat(result.errorMessage())
                .contains("schema \"elsewhere\" does not exist, and pgtrickle-test creates schemas only in databases"
                        + " it created; create it in a setup script or let the harness create the database");
    }

    @Test
    @DisplayName("a failing model is ERROR with the database's message; everything downstream is SKIPPED")
    void failureSkipsDownstream() {
        List<ModelToBuild> models = List.of(
                model("broken", "view", "SELECT no_such_column FROM public.raw_orders"),
                model("helper", "ephemeral", "SELECT * FROM public.broken", "broken"),
                model("uses_helper", "table", "SELECT 1 AS one", "helper"),
                model("independent", "view", "SELECT 2 AS two"),
                Models.streamTable("downstream_st", "SELECT one, count(*) FROM public.broken GROUP BY 1", config()));
        List<ModelToBuild> wired = List.of(
                models.get(0),
                models.get(1),
                models.get(2),
                models.get(3),
                new ModelToBuild(
                        "downstream_st",
                        models.get(4).file(),
                        models.get(4).relation(),
                        "stream_table",
                        models.get(4).compiledSql(),
                        models.get(4).config(),
                        List.of(),
                        List.of(),
                        Set.of("uses_helper")));
        RunResults results = db.runner().run(wired, false);
        assertThat(results.hasFailures()).isTrue();
        assertThat(results.result("broken").action()).isEqualTo(RunAction.ERROR);
        assertThat(results.result("broken").errorMessage())
                .get()
                .asString()
                .contains("column \"no_such_column\" does not exist");
        assertThat(results.result("helper").action()).isEqualTo(RunAction.SKIPPED);
        assertThat(results.result("uses_helper").action()).isEqualTo(RunAction.SKIPPED);
        assertThat(results.result("uses_helper").notes()).containsExactly("skipped: upstream model 'broken' failed");
        assertThat(results.result("downstream_st").action()).isEqualTo(RunAction.SKIPPED);
        assertThat(results.result("downstream_st").notes()).containsExactly("skipped: upstream model 'broken' failed");
        assertThat(results.result("independent").action()).isEqualTo(RunAction.CREATED);
        assertThat(results.failures()).extracting(ModelRunResult::model).containsExactly("broken");
        assertThat(results.withAction(RunAction.SKIPPED)).hasSize(3);
        assertThat(results.actions())
                .containsExactly(
                        Map.entry("broken", RunAction.ERROR),
                        Map.entry("helper", RunAction.SKIPPED),
                        Map.entry("uses_helper", RunAction.SKIPPED),
                        Map.entry("independent", RunAction.CREATED),
                        Map.entry("downstream_st", RunAction.SKIPPED));
        assertThatThrownBy(() -> results.result("nope"))
                .hasMessage("no run result for model 'nope'; the run built: broken, helper, uses_helper, independent,"
                        + " downstream_st");
    }

    @Test
    @DisplayName("a model run without its upstream models in a new database: the error says to select them too")
    void unselectedUpstreamInANewDatabase() {
        RunResults results = db.runner()
                .run(
                        List.of(model(
                                "big_order_count",
                                "table",
                                "SELECT count(*) AS n FROM public.big_orders",
                                "big_orders")),
                        false);

        assertThat(results.result("big_order_count").errorMessage())
                .get()
                .asString()
                .contains("relation \"public.big_orders\" does not exist")
                .contains("big_order_count reads big_orders, which this run did not select; every pgtrickle-test"
                        + " project starts in an empty database, so select them too (--select +big_order_count)");
    }

    @Test
    @DisplayName(
            "a stream table the emulation refuses: the server's message and hint, without the emulation's call stack")
    void emulationErrorWithoutItsCallStack() {
        RunResults results = db.runner()
                .run(
                        List.of(Models.streamTable(
                                "too_fast", "SELECT id, amount FROM public.raw_orders", config("schedule", "0s"))),
                        false);

        assertThat(results.result("too_fast").errorMessage())
                .get()
                .asString()
                .contains("schedule must be at least 1s, got 0s", "Hint: ")
                .doesNotContain("Where:", "_emulation_");
    }

    @Test
    @DisplayName("an unknown materialization fails only its model and what reads it, naming the model file")
    void unknownMaterialization() throws SQLException {
        List<ModelToBuild> models = List.of(
                model("first", "view", "SELECT 1 AS one"),
                model("odd", "incremental_magic", "SELECT 1"),
                model("reads_odd", "view", "SELECT * FROM public.odd", "odd"),
                model("last", "table", "SELECT 2 AS two"));
        ModelRunner.checkConfig(models); // nothing to refuse before the run: the node fails on its own
        RunResults results = db.runner().run(models, false);
        assertThat(results.result("odd").action()).isEqualTo(RunAction.ERROR);
        assertThat(results.result("odd").errorMessage())
                .contains("model 'odd' (models/odd.sql): unknown materialization 'incremental_magic'; pgtrickle-test"
                        + " builds stream_table, view, table, ephemeral, incremental, materialized_view, snapshot (set materialized in the model's"
                        + " config() or under models: in dbt_project.yml)");
        assertThat(results.result("reads_odd").action()).isEqualTo(RunAction.SKIPPED);
        assertThat(results.result("first").action()).isEqualTo(RunAction.CREATED);
        assertThat(results.result("last").action()).isEqualTo(RunAction.CREATED);
    }

    @Test
    @DisplayName(
            "incremental: created when new, rows added on a later run, rebuilt on full refresh unless full_refresh: false")
    void incrementalLaterRunsAndFullRefresh() throws SQLException {
        String orders = db.single("SELECT count(*) FROM public.raw_orders");
        List<ModelToBuild> models = List.of(model("inc", "incremental", "SELECT id FROM public.raw_orders"));
        assertThat(db.runner().run(models, false).result("inc").action()).isEqualTo(RunAction.CREATED);
        assertThat(db.single("SELECT count(*) FROM public.inc")).isEqualTo(orders);
        assertThat(db.single("SELECT relkind FROM pg_class WHERE relname = 'inc'"))
                .isEqualTo("r");

        // No unique_key: dbt-postgres's default strategy is append, so the same rows come in again.
        ModelRunResult again = db.runner().run(models, false).result("inc");
        assertThat(again.action()).isEqualTo(RunAction.REPLACED);
        assertThat(again.notes()).containsExactly("incremental append: %s rows inserted".formatted(orders));
        assertThat(again.statements().get(0)).startsWith("create temporary table \"inc__dbt_tmp");
        assertThat(db.single("SELECT count(*) FROM public.inc")).isEqualTo(String.valueOf(2 * Long.parseLong(orders)));
        assertThat(db.single("SELECT count(*) FROM pg_class WHERE relname LIKE 'inc__dbt_tmp%'"))
                .as("the temporary table goes with its transaction")
                .isEqualTo("0");

        ModelRunResult full = db.runner().run(models, true).result("inc");
        assertThat(full.action()).isEqualTo(RunAction.RECREATED);
        assertThat(full.recreateReason()).contains(RecreateReason.FULL_REFRESH);
        assertThat(db.single("SELECT count(*) FROM public.inc")).isEqualTo(orders);

        List<ModelToBuild> kept = List.of(models.get(0).withConfig("full_refresh", false));
        assertThat(db.runner().run(kept, true).result("inc").action())
                .as("full_refresh: false keeps the table through --full-refresh, as in dbt")
                .isEqualTo(RunAction.REPLACED);
        assertThat(db.single("SELECT count(*) FROM public.inc")).isEqualTo(String.valueOf(2 * Long.parseLong(orders)));
        List<ModelToBuild> always = List.of(models.get(0).withConfig("full_refresh", true));
        assertThat(db.runner().run(always, false).result("inc").action())
                .as("full_refresh: true rebuilds on every run")
                .isEqualTo(RunAction.RECREATED);
    }

    @Test
    @DisplayName(
            "incremental over another relation: a view is replaced by the table as in dbt; a materialized view fails")
    void incrementalOverAViewOrAMaterializedView() throws SQLException {
        db.runner().run(List.of(model("inc", "view", "SELECT 1 AS id")), false);
        ModelRunResult overView = db.runner()
                .run(List.of(model("inc", "incremental", "SELECT 2 AS id")), false)
                .result("inc");
        assertThat(overView.action()).isEqualTo(RunAction.RECREATED);
        assertThat(overView.notes()).anySatisfy(note -> assertThat(note).contains("a view stood at public.inc"));
        assertThat(db.single("SELECT relkind FROM pg_class WHERE relname = 'inc'"))
                .isEqualTo("r");

        db.runner().run(List.of(model("inc", "materialized_view", "SELECT 3 AS id")), true);
        ModelRunResult overMatview = db.runner()
                .run(List.of(model("inc", "incremental", "SELECT 4 AS id")), false)
                .result("inc");
        assertThat(overMatview.action()).isEqualTo(RunAction.ERROR);
        assertThat(overMatview.errorMessage())
                .get()
                .asString()
                .contains("\"public\".\"inc\" is a materialized view", "--full-refresh");
        assertThat(db.runner()
                        .run(List.of(model("inc", "incremental", "SELECT 4 AS id")), true)
                        .result("inc")
                        .action())
                .isEqualTo(RunAction.RECREATED);
    }

    @Test
    @DisplayName(
            "incremental strategies pgtrickle-test does not run fail that model on every run, naming the ones it does")
    void unsupportedIncrementalStrategyFailsOnlyThatModel() throws SQLException {
        List<ModelToBuild> models = List.of(
                model("micro", "incremental", "SELECT 1 AS id").withConfig("incremental_strategy", "microbatch"),
                model("custom", "incremental", "SELECT 1 AS id").withConfig("incremental_strategy", "upsert_all"),
                model("fine", "incremental", "SELECT 1 AS id").withConfig("incremental_strategy", "merge"));
        RunResults results = db.runner().run(models, false);
        assertThat(results.result("micro").errorMessage())
                .get()
                .asString()
                .startsWith("model 'micro' (models/micro.sql): incremental_strategy 'microbatch' is not supported;"
                        + " pgtrickle-test runs append, delete+insert, merge");
        assertThat(results.result("custom").errorMessage())
                .get()
                .asString()
                .contains("'upsert_all'", "get_incremental_upsert_all_sql");
        assertThat(results.result("fine").action()).isEqualTo(RunAction.CREATED);
        assertThat(db.single("SELECT to_regclass('public.micro') IS NULL")).isEqualTo("t");
    }

    @Test
    @DisplayName(
            "materialized_view as dbt-postgres builds it: created, refreshed on a later run, recreated on full refresh")
    void materializedView() throws SQLException {
        List<ModelToBuild> models =
                List.of(model("mv", "materialized_view", "SELECT count(*) AS n FROM public.raw_orders"));
        assertThat(db.runner().run(models, false).result("mv").action()).isEqualTo(RunAction.CREATED);
        assertThat(db.single("SELECT relkind FROM pg_class WHERE relname = 'mv'"))
                .isEqualTo("m");
        String before = db.single("SELECT n FROM public.mv");
        db.single("WITH gone AS (DELETE FROM public.raw_orders RETURNING 1) SELECT count(*) FROM gone");

        ModelRunResult refreshed = db.runner().run(models, false).result("mv");
        assertThat(refreshed.action()).isEqualTo(RunAction.REPLACED);
        assertThat(refreshed.statements()).contains("REFRESH MATERIALIZED VIEW \"public\".\"mv\"");
        assertThat(db.single("SELECT n FROM public.mv")).isEqualTo("0").isNotEqualTo(before);

        assertThat(db.runner().run(models, true).result("mv").action()).isEqualTo(RunAction.RECREATED);
    }

    @Test
    @DisplayName("a bad stream table setting is refused before anything is built")
    void badSettingRefusedUpFront() throws SQLException {
        List<ModelToBuild> models = List.of(
                model("first", "view", "SELECT 1 AS one"),
                Models.streamTable("st", "SELECT 1 FROM public.raw_orders", Map.of("schedule", "")));
        assertThatThrownBy(() -> db.runner().run(models, false))
                .isInstanceOf(MaterializationConfigException.class)
                .hasMessageStartingWith("model 'st' (models/st.sql): invalid config schedule = ''");
        assertThat(db.single("SELECT to_regclass('public.first') IS NULL")).isEqualTo("t");
    }

    @Test
    @DisplayName("a stream table model replaces a view of the same name (materialization changed)")
    void materializationChange() throws SQLException {
        db.runner().run(List.of(model("totals", "table", "SELECT 1 AS one")), false);
        ModelRunResult st = db.runner()
                .run(
                        List.of(Models.streamTable("totals", "SELECT customer_id FROM public.raw_orders", config())),
                        false)
                .result("totals");
        // pg_trickle refuses to create a stream table over an existing relation, as the real extension does.
        assertThat(st.action()).isEqualTo(RunAction.ERROR);
        ModelRunResult back = db.runner()
                .run(List.of(model("totals", "table", "SELECT 2 AS two")), false)
                .result("totals");
        assertThat(back.action()).isEqualTo(RunAction.RECREATED);
    }
}
