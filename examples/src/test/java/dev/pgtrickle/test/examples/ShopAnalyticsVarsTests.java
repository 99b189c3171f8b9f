package dev.pgtrickle.test.examples;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.junit.PgTrickleProject;
import dev.pgtrickle.test.junit.StreamTableName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A project var overridden as on dbt's command line: the default in dbt_project.yml is 0. */
// tag::shop_analytics_vars[]
@PgTrickleProject(
        path = "projects/shop_analytics",
        setupScripts = "setup/create_sources.sql",
        vars = "min_order_amount=20")
@DisplayName("shop_analytics with --vars '{min_order_amount: 20}'")
class ShopAnalyticsVarsTests {

    @Test
    void ordersBelowTheMinimumAreLeftOut(@StreamTableName("customer_revenue") StreamTable customerRevenue) {
        // Customer 4's only order (10.00) is below 20, so the customer has no revenue row.
        assertThat(customerRevenue)
                .hasRowCount(3)
                .hasMin("total_amount", "42.25")
                .matchesDefiningQuery();
    }
}
// end::shop_analytics_vars[]
