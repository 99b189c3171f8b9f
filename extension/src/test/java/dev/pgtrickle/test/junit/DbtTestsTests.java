package dev.pgtrickle.test.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

@DisplayName("DbtTests.of(session): a project's dbt tests as dynamic tests")
class DbtTestsTests {

    @PgTrickleProject(path = "src/test/projects/dbt_tests_fixture", server = Backend.EMBEDDED)
    static class DbtTestsTestCase {

        @TestFactory
        Stream<DynamicTest> dbtTests(ProjectSession session) {
            return DbtTests.of(session);
        }
    }

    @Test
    @DisplayName(
            "one dynamic test per dbt test: pass, WARN aborted, FAIL with rows and SQL, a failing unit test with expected and actual")
    void outcomes() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(DbtTestsTestCase.class))
                .execute();

        results.testEvents()
                .assertStatistics(
                        stats -> stats.started(4).succeeded(1).aborted(1).failed(2));
        results.testEvents()
                .assertThatEvents()
                .haveExactly(1, event(displayName("not_null totals.customer_id"), finishedSuccessfully()))
                .haveExactly(
                        1,
                        event(
                                displayName("accepted_values totals.n"),
                                abortedWithReason(
                                        instanceOf(TestAbortedException.class),
                                        message(
                                                m -> m.startsWith(
                                                        "WARN accepted_values totals.n: 1 failing row (warn_if !=0, severity warn)")))))
                .haveExactly(
                        1,
                        event(
                                displayName("assert_totals_above_ten"),
                                finishedWithFailure(
                                        instanceOf(AssertionFailedError.class),
                                        message(
                                                m -> m.startsWith(
                                                                """
                                                        FAIL assert_totals_above_ten: 1 failing row (error_if !=0, severity error)
                                                          customer_id | total
                                                          ------------+------
                                                          101         | 7.50""")
                                                        && m.contains(
                                                                "select customer_id, total from \"public\".\"totals\" where total <= 10")))))
                .haveExactly(
                        1,
                        event(
                                displayName("unit_test totals::totals_add_up"),
                                finishedWithFailure(
                                        instanceOf(AssertionFailedError.class),
                                        message(m -> m.startsWith("FAIL unit_test totals::totals_add_up (")
                                                && m.contains("1 row differs")),
                                        new Condition<>(
                                                failure -> failure instanceof AssertionFailedError e
                                                        && e.isExpectedDefined()
                                                        && e.isActualDefined()
                                                        && e.getExpected()
                                                                .getStringRepresentation()
                                                                .contains("~ 1           | *6*")
                                                        && e.getActual()
                                                                .getStringRepresentation()
                                                                .contains("~ 1           | *5*"),
                                                "expected and actual rows for the IDE"))));
    }

    @PgTrickleProject(path = "src/test/projects/run_hooks", server = Backend.EMBEDDED)
    static class HooksTestCase {

        static final List<String> AUDIT = new CopyOnWriteArrayList<>();

        @TestFactory
        Stream<DynamicTest> dbtTests(ProjectSession session) {
            return Stream.concat(DbtTests.of(session), Stream.of(DynamicTest.dynamicTest("read the audit table", () -> {
                try (Connection connection = session.connect();
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(
                                "select step || coalesce(' ' || results, '') from public.audit order by n")) {
                    while (rows.next()) {
                        AUDIT.add(rows.getString(1));
                    }
                }
            })));
        }
    }

    @Test
    @DisplayName("as dbt test: on-run-start before the tests and on-run-end after them, each a dynamic test")
    void hooksAroundTheTests() {
        HooksTestCase.AUDIT.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(HooksTestCase.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(results.testEvents().started().stream()
                        .map(event -> event.getTestDescriptor().getDisplayName())
                        .toList())
                .containsExactly("on-run-start", "two_ids", "on-run-end", "read the audit table");
        // The class's build ran them once already (around the seed and the model); the tests' on-run-end saw one.
        assertThat(HooksTestCase.AUDIT).containsExactly("start", "end 2", "start", "end 1");
    }
}
