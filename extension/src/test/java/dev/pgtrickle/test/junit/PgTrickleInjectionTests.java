package dev.pgtrickle.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@DisplayName("Injection of the project handle, run results and stream tables")
class PgTrickleInjectionTests {

    static final String TINY = PgTrickleExtensionTests.TINY;
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @BeforeEach
    void forgetWhatFixturesSaw() {
        SEEN.clear();
    }

    @Test
    void buildsTheProjectBeforeTheFirstTest() {
        EngineExecutionResults results = EngineRuns.execute(BuiltProjectTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(SEEN.get("firstRun")).isEqualTo(RunAction.CREATED);
        assertThat(SEEN.get("rows")).isEqualTo(2L);
        assertThat(SEEN.get("rerun")).isEqualTo(RunAction.UNCHANGED);
        assertThat(SEEN.get("lastRunAfterRerun")).isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    void overridingAModelChangesOnlyTheClassesRuns() {
        EngineExecutionResults results = EngineRuns.execute(OverrideTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(SEEN.get("overridden")).isEqualTo(RunAction.RECREATED);
        assertThat(SEEN.get("columns")).asString().contains("last_id");
    }

    @Test
    void unknownStreamTableNameListsTheProjectsStreamTables() {
        EngineExecutionResults results = EngineRuns.execute(UnknownStreamTableTestCase.class);

        List<Throwable> failures = EngineRuns.testFailures(results);
        assertThat(failures).singleElement().isInstanceOf(ParameterResolutionException.class);
        assertThat(failures.get(0))
                .hasMessage("@StreamTableName(\"customer_total\") on parameter 0 of %s.populated: no stream table"
                                .formatted(UnknownStreamTableTestCase.class.getName())
                        + " 'customer_total' in the project; its stream tables are: public.customer_totals");
    }

    @Test
    void streamTableWithoutANameIsRefused() {
        EngineExecutionResults results = EngineRuns.execute(UnnamedStreamTableTestCase.class);

        assertThat(EngineRuns.testFailures(results))
                .singleElement(InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("parameter 0 of %s.populated: a StreamTable parameter needs a name; annotate it with"
                                .formatted(UnnamedStreamTableTestCase.class.getName())
                        + " @StreamTableName(\"model_name\")");
    }

    @Test
    void ambiguousStreamTableNameAsksForASchema() {
        EngineExecutionResults results = EngineRuns.execute(AmbiguousStreamTableTestCase.class);

        assertThat(EngineRuns.testFailures(results))
                .singleElement(InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("@StreamTableName(\"twin\") on parameter 0 of %s.twin: the name is ambiguous, it matches"
                                .formatted(AmbiguousStreamTableTestCase.class.getName())
                        + " first.twin, second.twin; qualify it as schema.name");
    }

    @Test
    void brokenProjectFailsBeforeADatabaseIsCreated() throws SQLException {
        List<String> databasesBefore = ServerDatabases.named("pgt_");

        EngineExecutionResults results = EngineRuns.execute(BrokenProjectTestCase.class);

        assertThat(EngineRuns.singleContainerFailure(results))
                .isInstanceOf(ExtensionConfigurationException.class)
                .message()
                .startsWith("@PgTrickleProject on %s: the dbt project in %s cannot be used: "
                        .formatted(
                                BrokenProjectTestCase.class.getName(),
                                PgTrickleExtensionTests.absolute("src/test/projects/broken")))
                .contains("no_such_model");
        assertThat(ServerDatabases.named("pgt_")).isEqualTo(databasesBefore);
    }

    @Test
    void modelTheDatabaseRefusesFailsTheClassAndTheDatabaseIsStillDropped() throws SQLException {
        List<String> databasesBefore = ServerDatabases.named("pgt_");

        EngineExecutionResults results = EngineRuns.execute(RunErrorTestCase.class);

        assertThat(EngineRuns.singleContainerFailure(results))
                .isInstanceOf(IllegalStateException.class)
                .message()
                .startsWith("@PgTrickleProject on %s: the run of the project in %s failed:%n  model 'bad_column': "
                        .formatted(
                                RunErrorTestCase.class.getName(),
                                PgTrickleExtensionTests.absolute("src/test/projects/run_error")))
                .contains("discount");
        assertThat(ServerDatabases.named("pgt_")).isEqualTo(databasesBefore);
    }

    @Test
    void runsTheProjectsDbtTestsBeforeTheFirstTestWhenAsked() {
        EngineExecutionResults results = EngineRuns.execute(PassingDbtTestsTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void failingDbtTestFailsTheClass() {
        EngineExecutionResults results = EngineRuns.execute(FailingDbtTestsTestCase.class);

        assertThat(EngineRuns.singleContainerFailure(results))
                .isInstanceOf(AssertionError.class)
                .message()
                .startsWith("@PgTrickleProject on %s: 1 of the project's 1 dbt tests failed (runDbtTests):"
                        .formatted(FailingDbtTestsTestCase.class.getName()))
                .contains("one_order_per_customer");
        results.testEvents().assertStatistics(stats -> stats.started(0));
    }

    // ---- fixtures, run only through EngineTestKit ----

    @PgTrickleProject(path = "src/test/projects/run_error")
    static class RunErrorTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY, runDbtTests = Toggle.ENABLED)
    static class PassingDbtTestsTestCase {

        @Test
        void runs() {}
    }

    @PgTrickleProject(path = "src/test/projects/failing_dbt_test", runDbtTests = Toggle.ENABLED)
    static class FailingDbtTestsTestCase {

        @Test
        void neverRuns() {}
    }

    @PgTrickleProject(path = TINY)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BuiltProjectTestCase {

        @Test
        @Order(1)
        void firstRun(RunResults run) {
            SEEN.put("firstRun", run.result("customer_totals").action());
        }

        @Test
        @Order(2)
        void populated(@StreamTableName("customer_totals") StreamTable totals) {
            SEEN.put("rows", totals.rowCount());
        }

        @Test
        @Order(3)
        void rerun(PgTrickleProjectHandle project, RunResults before) {
            SEEN.put("rerun", project.run().result("customer_totals").action());
            SEEN.put(
                    "lastRunAfterRerun",
                    project.lastRunResults()
                            .orElseThrow()
                            .result("customer_totals")
                            .action());
        }
    }

    @PgTrickleProject(path = TINY)
    static class OverrideTestCase {

        @Test
        void override(PgTrickleProjectHandle project) {
            RunResults run = project.overrideModelSql(
                            "customer_totals",
                            """
                            {{ config(materialized='stream_table', schedule='1m', refresh_mode='DIFFERENTIAL') }}
                            SELECT customer_id, SUM(amount) AS total_amount, COUNT(*) AS order_count,
                                   MAX(id) AS last_id
                            FROM {{ ref('orders') }}
                            GROUP BY customer_id
                            """)
                    .run("customer_totals");
            SEEN.put("overridden", run.result("customer_totals").action());
            SEEN.put("columns", project.streamTable("customer_totals").columns());
        }
    }

    @PgTrickleProject(path = TINY)
    static class UnknownStreamTableTestCase {

        @Test
        void populated(@StreamTableName("customer_total") StreamTable totals) {}
    }

    @PgTrickleProject(path = TINY)
    static class UnnamedStreamTableTestCase {

        @Test
        void populated(StreamTable totals) {}
    }

    @PgTrickleProject(path = TINY)
    static class AmbiguousStreamTableTestCase {

        @org.junit.jupiter.api.BeforeAll
        static void twoStreamTablesOfTheSameName(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA first; CREATE SCHEMA second");
                statement.execute(
                        "SELECT pgtrickle.create_stream_table('first.twin', 'SELECT COUNT(*) AS n FROM orders', '1m', 'FULL')");
                statement.execute(
                        "SELECT pgtrickle.create_stream_table('second.twin', 'SELECT SUM(amount) AS total FROM orders', '1m', 'FULL')");
            }
        }

        @Test
        void twin(@StreamTableName("twin") StreamTable twin) {}
    }

    @PgTrickleProject(path = "src/test/projects/broken")
    static class BrokenProjectTestCase {

        @Test
        void neverRuns() {}
    }
}
