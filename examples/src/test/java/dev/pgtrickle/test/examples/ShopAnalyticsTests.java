package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.junit.DbtTests;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
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
import org.opentest4j.AssertionFailedError;

/**
 * The shop_analytics project: the {@code shop.orders} source comes from a setup script, customers and regions from
 * seeds; {@code stg_orders} (a view) and {@code int_customer_regions} (ephemeral) feed the {@code customer_revenue}
 * stream table, which feeds {@code region_revenue} (a stream table with a CALCULATED schedule, in the custom schema
 * {@code analytics_reporting}).
 */
// tag::shop_analytics[]
@PgTrickleProject(path = "projects/shop_analytics", setupScripts = "setup/create_sources.sql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("shop_analytics: a chain of stream tables over a source, a view and an ephemeral model")
class ShopAnalyticsTests {

    /** region_revenue's defining query evaluated on the sources, bypassing both stream tables. */
    static final String REGION_TOTALS_FROM_SOURCES = "SELECT r.region_name, SUM(o.amount) AS total_amount,"
            + " COUNT(*) AS order_count FROM shop.orders o JOIN analytics.customers c USING (customer_id)"
            + " JOIN analytics.regions r USING (region_code) WHERE o.status <> 'cancelled' GROUP BY r.region_name";

    @Test
    @Order(1)
    void theChainIsBuiltAndPopulated(
            @StreamTableName("customer_revenue") StreamTable customerRevenue,
            @StreamTableName("region_revenue") StreamTable regionRevenue) {
        assertThat(customerRevenue)
                .isPopulated()
                .isActive()
                .hasSchedule("1m")
                .hasRefreshMode("DIFFERENTIAL")
                .hasRowCount(4)
                .matchesDefiningQuery();
        assertThat(regionRevenue.qualifiedName()).isEqualTo("analytics_reporting.region_revenue");
        assertThat(regionRevenue)
                .isPopulated()
                .hasSchedule("calculated")
                .matchesDefiningQuery()
                .containsExactlyInAnyOrder(
                        Row.of("North", "165.50", 3), Row.of("South", "80.00", 1), Row.of("Islands", "42.25", 1));
    }

    @Test
    @Order(2)
    void seedsKeepLeadingZerosAndDates(Connection connection) throws SQLException {
        // column_types: region_code text keeps '007'; signup_date is a date, not text.
        assertThat(Shop.query(connection, "SELECT region_code FROM analytics.regions ORDER BY 1"))
                .containsExactly("001", "002", "007");
        assertThat(Shop.query(
                        connection,
                        "SELECT data_type FROM information_schema.columns"
                                + " WHERE table_schema = 'analytics' AND table_name = 'customers'"
                                + " AND column_name = 'signup_date'"))
                .containsExactly("date");
        // The post-hook of stg_orders ran with {{ this }} = the view.
        assertThat(Shop.query(connection, "SELECT obj_description('analytics.stg_orders'::regclass, 'pg_class')"))
                .containsExactly("orders that are not cancelled");
        // The injected connection looks in the profile's target schema first, so unqualified names work too.
        assertThat(Shop.query(connection, "SHOW search_path")).containsExactly("analytics,public");
        assertThat(Shop.query(connection, "SELECT region_code FROM regions ORDER BY 1"))
                .containsExactly("001", "002", "007");
    }

    @Test
    @Order(3)
    void sourceChangesReachBothStreamTablesWhenRefreshedUpstreamFirst(
            Connection connection,
            @StreamTableName("customer_revenue") StreamTable customerRevenue,
            @StreamTableName("region_revenue") StreamTable regionRevenue)
            throws SQLException {
        Shop.execute(
                connection,
                "INSERT INTO shop.orders VALUES (7, 2, 19.99, 'placed', '2026-03-06 10:00'),"
                        + " (8, 4, 5.00, 'cancelled', '2026-03-06 11:00')",
                "UPDATE shop.orders SET amount = 100.00 WHERE order_id = 3",
                "UPDATE shop.orders SET status = 'cancelled' WHERE order_id = 5",
                "DELETE FROM shop.orders WHERE order_id = 2");

        customerRevenue.refresh();
        regionRevenue.refresh();

        assertThat(customerRevenue).matchesDefiningQuery().hasRowCount(3);
        assertThat(regionRevenue)
                .matchesDefiningQuery()
                .hasTotalsOf(REGION_TOTALS_FROM_SOURCES)
                .containsExactlyInAnyOrder(Row.of("North", "130.00", 2), Row.of("South", "119.99", 2));
    }

    @Test
    @Order(4)
    void theCalculatedDownstreamFollowsItsUpstreamWithoutARefreshOfItsOwn(
            Connection connection,
            @StreamTableName("customer_revenue") StreamTable customerRevenue,
            @StreamTableName("region_revenue") StreamTable regionRevenue)
            throws SQLException {
        Shop.execute(connection, "INSERT INTO shop.orders VALUES (9, 3, 60.00, 'shipped', '2026-03-07 09:00')");

        customerRevenue.refresh(); // only the upstream; pg_trickle's scheduler refreshes the CALCULATED one

        assertThat(regionRevenue)
                .eventually()
                .hasTotalsOf(REGION_TOTALS_FROM_SOURCES)
                .matchesDefiningQuery();
    }

    /** customer_revenue with one more column: a query change. */
    static final String CUSTOMER_REVENUE_WITH_LAST_ORDER =
            """
            {{ config(schedule='1m') }}
            SELECT o.customer_id, cr.region_name, SUM(o.amount) AS total_amount, COUNT(*) AS order_count,
                   MAX(o.ordered_at) AS last_order_at
            FROM {{ ref('stg_orders') }} o
            JOIN {{ ref('int_customer_regions') }} cr ON cr.customer_id = o.customer_id
            GROUP BY o.customer_id, cr.region_name
            """;

    @Test
    @Order(5)
    void aQueryChangeUpstreamIsRefusedWhileADownstreamStreamTableReadsIt(
            PgTrickleProjectHandle project,
            @StreamTableName("customer_revenue") StreamTable customerRevenue,
            @StreamTableName("region_revenue") StreamTable regionRevenue) {
        long rowsBefore = customerRevenue.rowCount();
        try {
            project.overrideModelSql("customer_revenue", CUSTOMER_REVENUE_WITH_LAST_ORDER);
            // A refused query change is a failed model: run() throws, naming it, its error and its compiled SQL.
            assertThatThrownBy(project::run)
                    .isInstanceOf(AssertionFailedError.class)
                    .isInstanceOf(RunFailedException.class)
                    .hasMessageContaining("model customer_revenue (stream_table analytics.customer_revenue):")
                    .hasMessageContaining("the stream tables analytics_reporting.region_revenue read it")
                    .hasMessageContaining("compiled SQL:")
                    .hasMessageContaining("not built because of them: region_revenue");
            // A test that means to look at the failure asks for the results explicitly.
            RunResults run = project.runAllowingFailures();

            // pg_trickle refuses to drop a stream table that another one reads: the model is ERROR, the reader is
            // SKIPPED, and the message says what to do.
            assertThat(run).model("customer_revenue").failed();
            assertThat(run).model("region_revenue").wasSkipped();
            assertThat(run.result("customer_revenue").errorMessage()).hasValueSatisfying(message -> assertThat(message)
                    .contains("the stream tables analytics_reporting.region_revenue read it")
                    .contains("Run a full refresh"));
            // The recreate ran in one transaction: the old stream table and its rows are still there.
            assertThat(customerRevenue.columns()).doesNotContain("last_order_at");
            assertThat(customerRevenue).isActive().hasRowCount(rowsBefore).matchesDefiningQuery();
            assertThat(regionRevenue).isActive().matchesDefiningQuery();

            // The documented way through: a full refresh drops downstream first and creates upstream first.
            RunResults fullRefresh = project.fullRefresh();

            assertThat(fullRefresh).model("customer_revenue").wasRecreated();
            assertThat(fullRefresh).model("region_revenue").wasRecreated();
            assertThat(customerRevenue.columns()).contains("last_order_at");
            assertThat(regionRevenue).eventually().isPopulated().hasTotalsOf(REGION_TOTALS_FROM_SOURCES);
        } finally {
            project.clearOverrides().fullRefresh();
        }
    }

    @TestFactory
    @Order(6)
    Stream<DynamicTest> theProjectsDbtTestsPass(ProjectSession session) {
        return DbtTests.of(session);
    }
}
// end::shop_analytics[]
