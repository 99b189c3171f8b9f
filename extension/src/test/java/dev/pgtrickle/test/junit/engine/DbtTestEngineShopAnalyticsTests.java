package dev.pgtrickle.test.junit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

@DisplayName("pgtrickle-dbt TestEngine on the shop_analytics example (a source from a setup script)")
class DbtTestEngineShopAnalyticsTests {

    @TempDir
    Path temp;

    private EngineExecutionResults execute(Path project, String key, String scripts) {
        return EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter(key, scripts)
                .selectors(selectDirectory(project.toFile()))
                .execute();
    }

    @Test
    @DisplayName("pgtrickle.dbt.setupScripts.<folder> runs the project's setup script before the seeds: all pass")
    void perProjectSetupScript() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);

        EngineExecutionResults results =
                execute(project, "pgtrickle.dbt.setupScripts.shop_analytics", "setup/create_sources.sql");

        // 2 seeds, 4 models (the ephemeral one included), 3 unit tests, 16 dbt tests, 2 change scenarios; the source's
        // tests need
        // shop.orders.
        results.testEvents().assertStatistics(stats -> stats.started(27).succeeded(27));
        results.testEvents()
                .succeeded()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(test(), displayName("unit_test customer_revenue::revenue_adds_up_orders_per_customer")));
    }

    @Test
    @DisplayName("pgtrickle.dbt.setupScripts (no folder) applies to every project; a missing script names the fix")
    void setupScriptForEveryProject() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);

        execute(project, "pgtrickle.dbt.setupScripts", "setup/create_sources.sql")
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(27).failed(0));
        execute(project, "pgtrickle.dbt.setupScripts", "setup/missing.sql")
                .containerEvents()
                .failed()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(org.junit.platform.testkit.engine.EventConditions.finishedWithFailure(
                                org.junit.platform.testkit.engine.TestExecutionResultConditions.message(
                                        m -> m.contains("setup script 'setup/missing.sql' (configuration parameter"
                                                + " 'pgtrickle.dbt.setupScripts') does not exist")))));
    }

    @Test
    @DisplayName(
            "a failing unit test fails with expected and actual rows for the IDE, and its model (and everything downstream) is skipped, as in dbt build")
    void failingUnitTestSkipsItsModel() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);
        ExampleProjects.write(
                project,
                "models/marts/more_unit_tests.yml",
                """
                version: 2
                unit_tests:
                  - name: wrong_total
                    model: customer_revenue
                    given:
                      - input: ref('stg_orders')
                        rows: [{order_id: 1, customer_id: 1, amount: 3}]
                      - input: ref('int_customer_regions')
                        format: sql
                        rows: select 1 as customer_id, 'North' as region_name
                    expect:
                      rows: [{customer_id: 1, total_amount: 4}]
                """);

        EngineExecutionResults results =
                execute(project, "pgtrickle.dbt.setupScripts.shop_analytics", "setup/create_sources.sql");

        results.testEvents()
                .failed()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                displayName("unit_test customer_revenue::wrong_total"),
                                org.junit.platform.testkit.engine.EventConditions.finishedWithFailure(
                                        org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf(
                                                DbtTestFailure.class),
                                        org.junit.platform.testkit.engine.TestExecutionResultConditions.message(
                                                m -> m.startsWith("FAIL unit_test customer_revenue::wrong_total (")
                                                        && m.contains("1 row differs")
                                                        && m.contains("~ 1           | *3*")),
                                        new org.assertj.core.api.Condition<>(
                                                failure -> failure instanceof org.opentest4j.AssertionFailedError e
                                                        && e.isExpectedDefined()
                                                        && e.getExpected()
                                                                .getStringRepresentation()
                                                                .contains("*4*")
                                                        && e.getActual()
                                                                .getStringRepresentation()
                                                                .contains("*3*"),
                                                "expected and actual rows"))));
        results.testEvents()
                .skipped()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                displayName("model customer_revenue"),
                                skippedWithReason(reason -> reason.contains(
                                        "its unit test failed (unit_test customer_revenue::wrong_total)"))))
                .haveExactly(1, event(test(), displayName("model region_revenue")));
    }

    @Test
    @DisplayName("a singular test selected with one model it reads but not another is skipped, not an ERROR")
    void singularTestReadingAnUnselectedModelIsSkipped() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);

        // The test refs customer_revenue (selected, so dbt's eager selection brings the test along) and
        // region_revenue (not selected, so not built in the new database).
        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.dbt.setupScripts.shop_analytics", "setup/create_sources.sql")
                .configurationParameter("pgtrickle.select", "+customer_revenue")
                .selectors(selectDirectory(project.toFile()))
                .execute();

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                displayName("assert_region_totals_match_customers"),
                                skippedWithReason("not run: it reads region_revenue, which this run did not select"
                                        + " (every run starts in an empty database)")));
        results.testEvents().assertStatistics(stats -> stats.failed(0).skipped(1));
    }

    @Test
    @DisplayName("with a model excluded, a singular test that also reads it is left out, as dbt's --exclude does")
    void singularTestReadingAnExcludedModelIsLeftOut() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.dbt.setupScripts.shop_analytics", "setup/create_sources.sql")
                .configurationParameter("pgtrickle.dbt.exclude", "tag:reporting")
                .selectors(selectDirectory(project.toFile()))
                .execute();

        results.testEvents()
                .assertThatEvents()
                .doNotHave(event(test(), displayName("assert_region_totals_match_customers")));
        results.testEvents().assertStatistics(stats -> stats.failed(0).skipped(0));
    }

    @Test
    @DisplayName("a singular test that refs a model that was not built is skipped, not an ERROR")
    void singularTestOfAFailedModelIsSkipped() {
        Path project = ExampleProjects.copy(ExampleProjects.SHOP_ANALYTICS, temp);
        ExampleProjects.write(
                project,
                "models/marts/customer_revenue.sql",
                """
                {{ config(schedule='0s') }}
                SELECT o.customer_id, cr.region_name, SUM(o.amount) AS total_amount, COUNT(*) AS order_count
                FROM {{ ref('stg_orders') }} o
                JOIN {{ ref('int_customer_regions') }} cr ON cr.customer_id = o.customer_id
                GROUP BY o.customer_id, cr.region_name
                """);

        EngineExecutionResults results =
                execute(project, "pgtrickle.dbt.setupScripts.shop_analytics", "setup/create_sources.sql");

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                displayName("assert_region_totals_match_customers"),
                                skippedWithReason(
                                        reason -> reason.startsWith("model ") && reason.endsWith(" was not built"))));
        // Only the model that the server refused fails; everything that needs it is skipped.
        results.testEvents().assertStatistics(stats -> stats.failed(1));
    }
}
