package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.CdcHealthReport;
import dev.pgtrickle.test.harness.operations.FreshnessReport;
import dev.pgtrickle.test.junit.DbtTests;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import dev.pgtrickle.test.junit.Toggle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/** The dbt-pgtrickle integration flow on the order-totals project: seed, run, await, check, operate. */
// tag::flow[]
@PgTrickleProject(path = "projects/order_totals", runDbtTests = Toggle.ENABLED)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("order_totals: seed, run, await and the run-operations")
class OrderTotalsFlowTests {

    @Test
    @Order(1)
    void theFirstRunCreatesTheStreamTable(RunResults run) {
        assertThat(run).hasNoFailures();
        assertThat(run).model("order_totals").wasCreated();
    }

    @Test
    @Order(2)
    void theStreamTableIsPopulatedAndHealthy(@StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(orderTotals)
                .isPopulated()
                .isActive()
                .hasNoConsecutiveErrors()
                .hasRefreshMode("DIFFERENTIAL")
                .hasSchedule("1m");
    }

    @Test
    @Order(3)
    void totalsMatchTheSeed(@StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(orderTotals)
                .hasRowCount(4)
                .hasSum("order_count", 10)
                .hasSum("total_amount", "441.97")
                .hasTotalsOf(Orders.TOTALS_FROM_SOURCE)
                .containsExactlyInAnyOrder(
                        Row.of(100, "161.99", 4),
                        Row.of(101, "110.00", 3),
                        Row.of(102, "149.99", 2),
                        Row.of(103, "19.99", 1));
    }

    // The project's schema tests (not_null, unique) and data test (assert_totals_correct), as assertions.
    @Test
    @Order(4)
    void dbtStyleChecksHold(@StreamTableName("order_totals") StreamTable orderTotals) {
        assertThat(orderTotals)
                .hasCount("customer_id", 4)
                .hasCount("total_amount", 4)
                .hasCount("order_count", 4);
        assertThat(orderTotals
                        .query("SELECT customer_id FROM order_totals GROUP BY customer_id HAVING COUNT(*) > 1")
                        .rows())
                .isEmpty();
        assertThat(orderTotals).matchesDefiningQuery();
    }

    // The same checks as the project declares them, one dynamic test per dbt test (runDbtTests = ENABLED above also
    // ran them once before the first test, failing the class if one failed).
    @TestFactory
    @Order(5)
    Stream<DynamicTest> theProjectsDbtTestsPass(ProjectSession session) {
        return DbtTests.of(session);
    }

    @Test
    @Order(6)
    void runningAgainIsANoOp(PgTrickleProjectHandle project) {
        RunResults rerun = project.run();

        assertThat(rerun).model("order_totals").wasUnchanged();
    }

    @Test
    @Order(7)
    void aManualRefreshPicksUpNewOrders(Connection connection, @StreamTableName("order_totals") StreamTable orderTotals)
            throws SQLException {
        Orders.execute(connection, "INSERT INTO raw_orders VALUES (11, 104, 25.00, '2026-01-08 09:00:00')");

        orderTotals.refresh();

        assertThat(orderTotals).hasRowCount(5).matchesDefiningQuery();
    }

    @Test
    @Order(8)
    void theFreshnessCheckPasses(PgTrickleProjectHandle project) {
        FreshnessReport report = project.operations().checkFreshness();

        assertThat(report.errors()).isEmpty();
        assertThat(report.lines()).singleElement().satisfies(line -> assertThat(line.consecutiveErrors())
                .isZero());
    }

    @Test
    @Order(9)
    void changeDataCaptureIsHealthy(PgTrickleProjectHandle project) {
        CdcHealthReport report = project.operations().checkCdcHealth();

        assertThat(report.alerts()).isEmpty();
    }
}
// end::flow[]
