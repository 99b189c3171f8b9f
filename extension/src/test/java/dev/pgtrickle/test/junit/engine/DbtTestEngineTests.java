package dev.pgtrickle.test.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

@DisplayName("pgtrickle-dbt TestEngine")
class DbtTestEngineTests {

    @TempDir
    Path temp;

    @Test
    @DisplayName("builds the example project and reports seeds, models and every dbt test as passing JUnit tests")
    void examplePasses() {
        Path project = ExampleProjects.copyOrderTotals(temp);

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .selectors(selectDirectory(project.toFile()))
                // Every descriptor is tagged dbt, so including dbt keeps the project and its dynamic seeds and models.
                .filters(TagFilter.includeTags("dbt"))
                .execute();

        results.testEvents()
                .assertStatistics(
                        stats -> stats.started(8).succeeded(8).failed(0).aborted(0));
        results.testEvents().started().stream()
                .map(event -> event.getTestDescriptor())
                .forEach(node -> assertThat(node.getTags())
                        .as(node.getDisplayName())
                        .contains(TestTag.create("dbt"))
                        .containsAnyOf(
                                TestTag.create("dbt-seed"), TestTag.create("dbt-model"), TestTag.create("dbt-test")));
        assertThat(results.testEvents().started().stream()
                        .filter(event -> event.getTestDescriptor().getTags().contains(TestTag.create("dbt-model")))
                        .map(event -> event.getTestDescriptor().getDisplayName()))
                .containsExactly("model order_totals");
        results.testEvents()
                .succeeded()
                .assertThatEvents()
                .haveExactly(1, event(test(), displayName("seed raw_orders")))
                .haveExactly(1, event(test(), displayName("model order_totals")))
                .haveExactly(1, event(test(), displayName("not_null order_totals.customer_id")))
                .haveExactly(1, event(test(), displayName("unique order_totals.customer_id")))
                .haveExactly(1, event(test(), displayName("assert_totals_correct")));
    }

    @Test
    @DisplayName(
            "a failing dbt test is a failed JUnit test showing its failing rows and compiled SQL (fails the build)")
    void failingTestFails() {
        Path project = ExampleProjects.copyOrderTotals(temp);
        ExampleProjects.write(
                project,
                "tests/assert_big_customers_only.sql",
                "select customer_id, total_amount from {{ ref('order_totals') }} where total_amount < 100\n");

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .selectors(selectDirectory(project.toFile()))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.failed(1).succeeded(8));
        results.testEvents()
                .failed()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                displayName("assert_big_customers_only"),
                                finishedWithFailure(
                                        instanceOf(DbtTestFailure.class),
                                        message(
                                                m -> m.startsWith(
                                                                "FAIL assert_big_customers_only: 1 failing row (error_if !=0, severity error)\n"
                                                                        + "  customer_id | total_amount\n")
                                                        && m.contains("compiled SQL (")
                                                        && m.contains(
                                                                "select customer_id, total_amount from \"public\".\"order_totals\" where total_amount < 100")))));
    }

    @Test
    @DisplayName("a warn-severity failure is aborted with a WARN reason: neither a pass nor a build failure")
    void warnIsAborted() {
        Path project = ExampleProjects.copyOrderTotals(temp);
        ExampleProjects.write(
                project,
                "models/marts/schema.yml",
                """
                version: 2
                models:
                  - name: order_totals
                    columns:
                      - name: customer_id
                        tests: [not_null, unique]
                      - name: order_count
                        tests:
                          - accepted_values:
                              values: [1, 2]
                              quote: false
                              config:
                                severity: warn
                """);

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .selectors(selectDirectory(project.toFile()))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(1));
        results.testEvents()
                .aborted()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                displayName("accepted_values order_totals.order_count"),
                                abortedWithReason(
                                        instanceOf(DbtTestWarning.class),
                                        message(m ->
                                                m.startsWith("WARN accepted_values order_totals.order_count: ")))));
    }

    @Test
    @DisplayName("projects named in pgtrickle.dbt.projects run with a whole-suite request, as under Surefire")
    void configuredProjects() {
        Path project = ExampleProjects.copyOrderTotals(temp);

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.dbt.projects", project.toString())
                .selectors(selectClass(DbtTestEngineTests.class))
                .execute();

        results.containerEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        results.testEvents().assertStatistics(stats -> stats.succeeded(8));
    }

    @Test
    @DisplayName("a configured folder without dbt_project.yml fails its project with the fix")
    void missingProject() {
        Path missing = temp.resolve("nowhere");

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.dbt.projects", missing.toString())
                .selectors(selectClass(DbtTestEngineTests.class))
                .execute();

        results.containerEvents()
                .failed()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(finishedWithFailure(message(
                                "dbt project %s: no dbt_project.yml there; fix the path in pgtrickle.dbt.projects (paths are relative to %s)"
                                        .formatted(missing, Path.of("").toAbsolutePath())))));
    }

    @Test
    @DisplayName("a project stopped by a setup script publishes its error before it skips the nodes the error stopped")
    void projectErrorPublishedBeforeSkips() {
        Path project = ExampleProjects.copyOrderTotals(temp);
        ExampleProjects.write(project, "broken_setup.sql", "create table (;\n");

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.setup-scripts", "broken_setup.sql")
                .selectors(selectDirectory(project.toFile()))
                .execute();

        List<Event> events = results.allEvents().list();
        int error = indexOf(
                events,
                event -> event.getType() == EventType.REPORTING_ENTRY_PUBLISHED
                        && event.getPayload(ReportEntry.class)
                                .map(entry -> entry.getKeyValuePairs().getOrDefault(DbtReportKeys.PROJECT_ERROR, ""))
                                .orElse("")
                                .contains("setup script failed"));
        int firstSkip = indexOf(events, event -> event.getType() == EventType.SKIPPED);
        assertThat(error).as("the project's error entry").isNotNegative();
        assertThat(firstSkip).as("a skipped dbt test").isGreaterThan(error);
        results.containerEvents().assertStatistics(stats -> stats.failed(1));
    }

    private static int indexOf(List<Event> events, java.util.function.Predicate<Event> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @DisplayName("a unique-id selector re-runs one dbt test (an IDE re-run)")
    void uniqueIdSelectsOneTest() {
        Path project = ExampleProjects.copyOrderTotals(temp);
        UniqueId id = UniqueId.forEngine(DbtTestEngine.ENGINE_ID)
                .append("project", project.toString())
                .append("test", "unique order_totals.customer_id");

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .selectors(selectUniqueId(id))
                .execute();

        results.testEvents()
                .succeeded()
                .assertThatEvents()
                .haveExactly(1, event(test(), displayName("unique order_totals.customer_id")))
                .noneMatch(event -> event.getTestDescriptor().getDisplayName().startsWith("not_null"));
    }

    @Test
    @DisplayName("with a selection, only the tests that go with the selected nodes are discovered and run")
    void selection() {
        Path project = ExampleProjects.copyOrderTotals(temp);

        EngineExecutionResults results = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                .configurationParameter("pgtrickle.dbt.select", "order_totals")
                .selectors(selectDirectory(project.toFile()))
                .execute();

        // seed, model, four schema tests and assert_totals_correct (it refs order_totals); assert_no_errors refs
        // nothing
        results.testEvents()
                .assertStatistics(stats -> stats.started(7).succeeded(7).skipped(0));
        results.testEvents()
                .assertThatEvents()
                .noneMatch(event -> event.getTestDescriptor().getDisplayName().equals("assert_no_errors"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filtersSelectingNoDbtNode")
    @DisplayName("a tag filter without dbt (-Dgroups=docker, -DexcludedGroups=dbt) leaves every project out, unrun")
    void tagFiltersLeaveProjectsOut(String expression, PostDiscoveryFilter filter) {
        Path withTests = ExampleProjects.copyOrderTotals(temp.resolve("with"));
        // The seed phase alone discovers no dbt tests: the project is a childless container at filtering time.
        Path withoutTests = ExampleProjects.copyOrderTotals(temp.resolve("without"));

        for (Path project : List.of(withTests, withoutTests)) {
            var kit = EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                    .selectors(selectDirectory(project.toFile()))
                    .filters(filter);
            if (project.equals(withoutTests)) {
                kit.configurationParameter(dev.pgtrickle.test.harness.settings.Setting.Keys.PHASES, "seed");
            }
            EngineExecutionResults results = kit.execute();

            assertThat(results.allEvents().count())
                    .as(project.toString())
                    .isEqualTo(2); // the engine's own start and finish: no project, no database
        }
    }

    static Stream<Arguments> filtersSelectingNoDbtNode() {
        return Stream.of(
                Arguments.of("includeTags(docker)", TagFilter.includeTags("docker")),
                Arguments.of("excludeTags(dbt)", TagFilter.excludeTags("dbt")),
                Arguments.of("includeTags(!dbt)", TagFilter.includeTags("!dbt")));
    }

    @Test
    @DisplayName("nothing is discovered for a single-method request without configured projects")
    void nothingWithoutProjects() {
        assertThat(EngineTestKit.engine(DbtTestEngine.ENGINE_ID)
                        .configurationParameter("pgtrickle.dbt.projectsRoot", temp.toString())
                        .selectors(selectClass(DbtTestEngineTests.class))
                        .execute()
                        .allEvents()
                        .count())
                .isEqualTo(2); // the engine's own start and finish
    }
}
