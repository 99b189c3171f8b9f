package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import dev.pgtrickle.test.junit.StreamTableName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the stream table lifecycle: which path a change to the model takes. The changes are overrides
 * on the class's session; the model files in the repository are never edited.
 */
// tag::model_changes[]
@OrderTotalsProject
@DisplayName("changing the order_totals model")
class ModelChangeTests {

    @AfterEach
    void backToTheProjectOnDisk(PgTrickleProjectHandle project) {
        project.clearOverrides().run();
    }

    @Test
    void aFullRefreshRecreatesTheStreamTable(
            PgTrickleProjectHandle project, @StreamTableName("order_totals") StreamTable orderTotals) {
        RunResults run = project.fullRefresh();

        assertThat(run).model("order_totals").wasRecreated();
        assertThat(orderTotals).eventually().isPopulated().matchesDefiningQuery();
    }

    @Test
    void aScheduleChangeIsAppliedInPlace(
            PgTrickleProjectHandle project, @StreamTableName("order_totals") StreamTable orderTotals) {
        RunResults run =
                project.overrideModelConfig("order_totals", "schedule", "5m").run("order_totals");

        assertThat(run).model("order_totals").wasAltered();
        assertThat(orderTotals).hasSchedule("5m");
    }

    @Test
    void aQueryChangeRecreatesTheStreamTableWithTheNewColumn(
            PgTrickleProjectHandle project, @StreamTableName("order_totals") StreamTable orderTotals) {
        RunResults run = project.overrideModelSql(
                        "order_totals",
                        """
                        {{ config(materialized='stream_table', schedule='1m', refresh_mode='DIFFERENTIAL') }}

                        SELECT
                            customer_id,
                            SUM(amount) AS total_amount,
                            COUNT(*) AS order_count,
                            MAX(created_at) AS last_order_at
                        FROM {{ ref('raw_orders') }}
                        GROUP BY customer_id
                        """)
                .run("order_totals");

        assertThat(run).model("order_totals").wasRecreated();
        assertThat(orderTotals.columns()).contains("last_order_at");
        assertThat(orderTotals).eventually().isPopulated().matchesDefiningQuery();
    }
}
// end::model_changes[]
