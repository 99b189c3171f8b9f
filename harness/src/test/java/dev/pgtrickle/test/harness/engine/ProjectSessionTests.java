package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.FreshnessReport;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The facade end to end on the plan's integration project, copied so the tests may edit model files. */
@DisplayName("project session")
class ProjectSessionTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    private static final String MODEL = "models/marts/order_totals.sql";

    private static final String ORDER_TOTALS_5M =
            """
            {{ config(materialized='stream_table', schedule='5m', refresh_mode='DIFFERENTIAL') }}

            SELECT
                customer_id,
                SUM(amount) AS total_amount,
                COUNT(*) AS order_count
            FROM {{ ref('raw_orders') }}
            GROUP BY customer_id
            """;

    private static final String WITH_LAST_ORDER =
            """
            {{ config(materialized='stream_table', schedule='5m', refresh_mode='DIFFERENTIAL') }}
            SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count,
                   MAX(created_at) AS last_order_at
            FROM {{ ref('raw_orders') }}
            GROUP BY customer_id
            """;

    private static SessionOptions options(Path project) {
        return SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build();
    }

    private static long databasesNamed(String prefix) throws SQLException {
        PostgresServer server = SharedServers.acquire(EMBEDDED);
        ProjectDatabase.awaitDropped(server, Duration.ofMinutes(1)); // the embedded backend drops in the background
        try (Connection admin = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @DisplayName("the plan's integration flow: seed, create, unchanged, alter, query change, full refresh, operations")
    void integrationFlow(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        String databaseName;
        try (ProjectSession session = ProjectSession.open(options(project))) {
            databaseName = session.database().name();
            List<SeedResult> seeds = session.seed();
            assertThat(seeds).singleElement().satisfies(seed -> assertThat(seed.rowCount())
                    .isEqualTo(10));

            RunResults created = session.run();
            assertThat(created.result("order_totals").action()).isEqualTo(RunAction.CREATED);
            assertThat(created.result("order_totals").compiledSql())
                    .contains("raw_orders")
                    .doesNotContain("{{");
            assertThat(session.lastRunResults()).contains(created);
            assertThat(session.awaitPopulated()).singleElement().satisfies(state -> assertThat(state.populated())
                    .isTrue());
            assertThat(session.streamTable("order_totals").rowCount()).isEqualTo(4);

            assertThat(session.run().result("order_totals").action()).isEqualTo(RunAction.UNCHANGED);

            ProjectCopy.write(project, MODEL, ORDER_TOTALS_5M);
            var altered = session.run("order_totals").result("order_totals");
            assertThat(altered.action()).isEqualTo(RunAction.ALTERED);
            assertThat(altered.changedSettings()).containsOnly(Map.entry("schedule", new SettingChange("1m", "5m")));

            ProjectCopy.write(project, MODEL, WITH_LAST_ORDER);
            var changed = session.run().result("order_totals");
            assertThat(changed.action()).isEqualTo(RunAction.RECREATED);
            assertThat(changed.recreateReason()).contains(RecreateReason.QUERY_CHANGED);
            session.awaitPopulated("order_totals");
            assertThat(session.streamTable("order_totals").columns()).contains("last_order_at");

            var rebuilt = session.fullRefresh().result("order_totals");
            assertThat(rebuilt.action()).isEqualTo(RunAction.RECREATED);
            assertThat(rebuilt.recreateReason()).contains(RecreateReason.FULL_REFRESH);

            assertThat(session.operations().refresh("order_totals").qualifiedName())
                    .isEqualTo("public.order_totals");
            assertThat(session.operations().checkFreshness().lines())
                    .extracting(FreshnessReport.Line::level)
                    .containsOnly(FreshnessReport.Level.OK);
            assertThat(session.operations().checkCdcHealth().alerts()).isEmpty();
            assertThat(session.operations().list("config.materialized:stream_table"))
                    .extracting(listed -> listed.model())
                    .containsExactly("order_totals");
            assertThat(session.operations().dropAllManaged())
                    .extracting(relation -> relation.qualifiedName())
                    .containsExactly("public.order_totals");
        }
        assertThat(databasesNamed(databaseName)).isZero();
    }

    @Test
    @DisplayName("a config override wins over the model's own config() call: schedule 1m overridden to 5m alters")
    void configOverrideWinsOverConfigCall(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        try (ProjectSession session = ProjectSession.open(options(project))) {
            session.seed();
            session.run();
            var altered = session.overrideModelConfig("order_totals", Map.of("schedule", "5m"))
                    .run()
                    .result("order_totals");
            assertThat(altered.action()).isEqualTo(RunAction.ALTERED);
            assertThat(altered.changedSettings()).containsOnly(Map.entry("schedule", new SettingChange("1m", "5m")));
            assertThat(session.compiledProject().model("order_totals").config().string("schedule"))
                    .contains("5m");

            Map<String, Object> calculated = new java.util.HashMap<>();
            calculated.put("schedule", null);
            var none = session.overrideModelConfig("order_totals", calculated)
                    .run()
                    .result("order_totals");
            assertThat(none.action()).isEqualTo(RunAction.ALTERED);
            assertThat(none.changedSettings()).containsOnlyKeys("schedule");
            assertThat(session.compiledProject().model("order_totals").config().isSetToNone("schedule"))
                    .isTrue();
        }
    }

    @Test
    @DisplayName("overrides: SQL and config of a model for the following runs (status PAUSED becomes SUSPENDED)")
    void overrides(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        try (ProjectSession session = ProjectSession.open(options(project))) {
            session.seed();
            session.run();
            var paused = session.overrideModelConfig("order_totals", Map.of("status", "PAUSED"))
                    .run()
                    .result("order_totals");
            assertThat(paused.action()).isEqualTo(RunAction.ALTERED);
            assertThat(paused.changedSettings())
                    .containsOnly(Map.entry("status", new SettingChange("ACTIVE", "SUSPENDED")));
            assertThat(paused.notes()).anyMatch(note -> note.contains("PAUSED was applied as SUSPENDED"));
            assertThat(session.streamTable("order_totals").state().status()).isEqualTo("SUSPENDED");

            var replaced = session.clearOverrides()
                    .overrideModelSql("order_totals", WITH_LAST_ORDER)
                    .overrideModelConfig("order_totals", Map.of("on_query_change", "replace"))
                    .run()
                    .result("order_totals");
            assertThat(replaced.action()).isEqualTo(RunAction.REPLACED);
            // The cleared status override is undone too: the table is ACTIVE again, as the project (no status) says.
            assertThat(replaced.changedSettings()).containsEntry("status", new SettingChange("SUSPENDED", "ACTIVE"));
            assertThat(session.streamTable("order_totals").state().status()).isEqualTo("ACTIVE");
            assertThat(session.run().result("order_totals").action()).isEqualTo(RunAction.UNCHANGED);
            assertThat(session.streamTable("order_totals").columns()).contains("last_order_at");

            assertThatThrownBy(() -> session.overrideModelSql("order_total", "SELECT 1"))
                    .isInstanceOf(ProjectException.class)
                    .hasMessageContaining("no model 'order_total' to override in project 'pgtrickle_integration_tests';"
                            + " its models are: order_totals");
        }
    }

    @Test
    @DisplayName("clearOverrides: an option only the override set is undone by creating the stream table again")
    void clearedOptionOverrideRecreates(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        try (ProjectSession session = ProjectSession.open(options(project))) {
            session.seed();
            session.run();
            var pooled = session.overrideModelConfig("order_totals", "pooler_compatibility_mode", true)
                    .overrideModelConfig("order_totals", "schedule", "5m")
                    .run()
                    .result("order_totals");
            assertThat(pooled.action()).isEqualTo(RunAction.ALTERED);
            assertThat(poolerCompatibilityMode(session)).isTrue();

            // alter_stream_table reads NULL as "keep": only a new table gets the option back to its default.
            var cleared = session.clearOverrides().run().result("order_totals");
            assertThat(cleared.action()).isEqualTo(RunAction.RECREATED);
            assertThat(cleared.recreateReason()).contains(RecreateReason.OVERRIDE_CLEARED);
            assertThat(poolerCompatibilityMode(session)).isFalse();
            assertThat(session.streamTable("order_totals").state().schedule()).contains("1m");

            // Restored once: the next run finds nothing to do.
            assertThat(session.run().result("order_totals").action()).isEqualTo(RunAction.UNCHANGED);

            // A cleared override of a key the alter restores (schedule) is an alter, never a new table.
            session.overrideModelConfig("order_totals", "schedule", "5m").run();
            var scheduleBack = session.clearOverrides().run().result("order_totals");
            assertThat(scheduleBack.action()).isEqualTo(RunAction.ALTERED);
            assertThat(scheduleBack.changedSettings()).containsOnlyKeys("schedule");
        }
    }

    private static boolean poolerCompatibilityMode(ProjectSession session) throws SQLException {
        try (Connection connection = session.connect();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT pooler_compatibility_mode FROM pgtrickle.pgt_stream_tables"
                                + " WHERE pgt_name = 'order_totals'")) {
            assertThat(rows.next())
                    .as("order_totals in pgtrickle.pgt_stream_tables")
                    .isTrue();
            return rows.getBoolean(1);
        }
    }

    @Test
    @DisplayName("a failing model is ERROR with the database's message and its downstream models are SKIPPED")
    void failingModelSkipsDownstream(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(
                project,
                "models/staging/stg_orders.sql",
                "{{ config(materialized='view') }}\nSELECT id, no_such_column FROM {{ ref('raw_orders') }}\n");
        ProjectCopy.write(
                project,
                "models/staging/stg_order_count.sql",
                "{{ config(materialized='table') }}\nSELECT count(*) AS n FROM {{ ref('stg_orders') }}\n");
        try (ProjectSession session = ProjectSession.open(options(project))) {
            session.seed();
            // A run in which a model fails throws, listing each failed model, its error and its compiled SQL.
            RunFailedException failure = catchThrowableOfType(RunFailedException.class, session::run);
            assertThat(failure)
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageStartingWith("run() failed: 1 of 3 models failed")
                    .hasMessageContaining("model stg_orders (view public.stg_orders):%n  ERROR:".formatted())
                    .hasMessageContaining("column \"no_such_column\" does not exist")
                    .hasMessageContaining("compiled SQL:%n    SELECT id, no_such_column FROM".formatted())
                    .hasMessageContaining("not built because of them: stg_order_count")
                    .hasMessageContaining("runAllowingFailures()");
            assertThat(failure.results().failures())
                    .extracting(ModelRunResult::model)
                    .containsExactly("stg_orders");
            assertThat(session.lastRunResults()).containsSame(failure.results());
            assertThatThrownBy(session::build).isInstanceOf(RunFailedException.class);
            assertThatThrownBy(session::fullRefresh).isInstanceOf(RunFailedException.class);

            RunResults results = session.runAllowingFailures();
            assertThat(results.result("stg_orders").action()).isEqualTo(RunAction.ERROR);
            assertThat(results.result("stg_orders").errorMessage())
                    .get()
                    .asString()
                    .contains("column \"no_such_column\" does not exist");
            assertThat(results.result("stg_order_count").action()).isEqualTo(RunAction.SKIPPED);
            // The models that could be built were built by the first run, before it threw.
            assertThat(failure.results().result("order_totals").action()).isEqualTo(RunAction.CREATED);
            assertThat(results.result("order_totals").action()).isEqualTo(RunAction.UNCHANGED);
        }
    }

    @Test
    @DisplayName("an unknown materialization fails only its model; unselected, it does not fail at all")
    void unknownMaterialization(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(project, "models/odd.sql", "{{ config(materialized='snapshotty') }}\nSELECT 1 AS one\n");
        try (ProjectSession session = ProjectSession.open(options(project))) {
            session.seed();
            RunResults results = session.runAllowingFailures();
            assertThat(results.result("odd").action()).isEqualTo(RunAction.ERROR);
            assertThat(results.result("odd").errorMessage())
                    .get()
                    .asString()
                    .contains("odd.sql): unknown materialization 'snapshotty'");
            assertThat(results.result("order_totals").action()).isEqualTo(RunAction.CREATED);
        }
        try (ProjectSession session = ProjectSession.open(SessionOptions.builder(project)
                .server(EMBEDDED)
                .env(Map.of())
                .select("order_totals")
                .build())) {
            session.seed();
            assertThat(session.run().results())
                    .extracting(ModelRunResult::model)
                    .containsExactly("order_totals");
        }
    }

    @Test
    @DisplayName("a missing setup script and an unknown target fail open() with what to fix")
    void badOptions(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        assertThatThrownBy(() -> ProjectSession.open(SessionOptions.builder(project)
                        .server(EMBEDDED)
                        .setupScripts(List.of(Path.of("sql/missing.sql")))
                        .build()))
                .isInstanceOf(ProjectException.class)
                .hasMessage("setup script sql/missing.sql not found (relative paths are resolved against the project"
                        + " folder %s)".formatted(project));
        assertThatThrownBy(() -> ProjectSession.open(SessionOptions.builder(project)
                        .server(EMBEDDED)
                        .target("ci")
                        .build()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("profile 'integration_tests' has no output 'ci'; its outputs are: default;"
                        + " choose one of them as the target");
    }

    @Test
    @DisplayName("setup scripts run before seeds, so models may read tables that are not seeds")
    void setupScripts(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(project, "sql/setup.sql", "CREATE TABLE extra (id int); INSERT INTO extra VALUES (1), (2);");
        ProjectCopy.write(
                project,
                "models/extra_count.sql",
                "{{ config(materialized='view') }}\nSELECT count(*) AS n FROM public.extra\n");
        try (ProjectSession session = ProjectSession.open(SessionOptions.builder(project)
                .server(EMBEDDED)
                .env(Map.of())
                .setupScripts(List.of(Path.of("sql/setup.sql")))
                .build())) {
            assertThat(session.run("extra_count").result("extra_count").action())
                    .isEqualTo(RunAction.CREATED);
        }
    }

    @Test
    @DisplayName(
            "a failing setup script fails open() naming the script and the server's message; its database is dropped")
    void failingSetupScript(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(project, "sql/broken.sql", "CREATE TABLE t (id int);\nINSERT INTO nowhere VALUES (1);\n");
        long before = databasesNamed("pgt_pgtrickle_integration_tests");
        assertThatThrownBy(() -> ProjectSession.open(SessionOptions.builder(project)
                        .server(EMBEDDED)
                        .env(Map.of())
                        .setupScripts(List.of(Path.of("sql/broken.sql")))
                        .build()))
                .isInstanceOf(ProjectException.class)
                .hasMessageStartingWith(project.resolve("sql/broken.sql") + ": setup script failed in database pgt_")
                .hasMessageContaining("relation \"nowhere\" does not exist");
        assertThat(databasesNamed("pgt_pgtrickle_integration_tests")).isEqualTo(before);
    }

    @Test
    @DisplayName("target.host/port/user/threads come from the selected output as written; the password never")
    void targetFromTheProfile(@TempDir Path temp) throws Exception {
        java.nio.file.Files.writeString(temp.resolve("dbt_project.yml"), "name: p\nprofile: prof\n");
        java.nio.file.Files.writeString(
                temp.resolve("profiles.yml"),
                "prof:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: db.example\n"
                        + "      port: 6432\n      user: ci\n      pass: secret\n      dbname: analytics\n"
                        + "      schema: s\n      threads: 4\n");
        var target = ProjectCompilation.of(
                        SessionOptions.builder(temp).env(Map.of()).build())
                .compiled()
                .options()
                .target();
        assertThat(target.connection())
                .containsEntry("host", "db.example")
                .containsEntry("port", 6432)
                .containsEntry("user", "ci")
                .containsEntry("threads", 4)
                .doesNotContainKeys("pass", "password");
    }
}
