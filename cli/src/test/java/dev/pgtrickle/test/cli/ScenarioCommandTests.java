package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.cli.InProcessCli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change scenarios declared in YAML, from the command line: each one is a test in the progress output and the counts;
 * a failing step exits 1 naming the file, model, scenario and step with the row diff and the table's state; bad input
 * is an error naming the file and line while the other tests still run.
 */
@DisplayName("pgtrickle-test build runs the YAML change scenarios of shop_analytics")
class ScenarioCommandTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/shop_analytics");

    /** Four more scenarios for customer_revenue: one whose expectation is wrong, three with bad input. */
    private static final String BROKEN_SCENARIOS =
            """
            - name: a_wrong_total
              given:
                - input: shop.orders
                  rows:
                    - {order_id: 1, customer_id: 1, amount: 10.00, status: placed, ordered_at: '2026-03-01 09:00'}
              steps:
                - name: Ada orders again
                  insert:
                    input: shop.orders
                    rows:
                      - {order_id: 2, customer_id: 1, amount: 5.00, status: placed, ordered_at: '2026-03-02 09:00'}
                  refresh: true
                  expect:
                    - {customer_id: 1, total_amount: 99.00}
            - name: writes_to_a_view
              steps:
                - delete: {input: stg_orders, where: "order_id = 1"}
                  refresh: true
            - name: a_column_typo
              steps:
                - insert:
                    input: shop.orders
                    rows:
                      - {order_id: 9, customer_id: 1, total: 1, status: placed, ordered_at: '2026-03-01 09:00'}
                  refresh: true
            - name: a_misspelt_key
              steps:
                - insert_rows: {input: shop.orders}
            """;

    @TempDir
    Path temp;

    @Test
    @DisplayName(
            "each scenario is a test line; a wrong expectation FAILs with the step and diff, bad input is an ERROR")
    void failingAndBadScenarios() throws IOException {
        Path project = ExampleCopies.copy(EXAMPLE, temp);
        Path schema = project.resolve("models/marts/schema.yml");
        String text = Files.readString(schema);
        String anchor = "        pgtrickle_scenarios:\n";
        assertThat(text).contains(anchor);
        int at = text.indexOf(anchor) + anchor.length();
        Files.writeString(schema, text.substring(0, at) + BROKEN_SCENARIOS.indent(10) + text.substring(at));

        Outcome outcome = build(project);

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(1);
        assertThat(outcome.out())
                .containsPattern("PASS  test not_null customer_revenue\\.customer_id \\.+ \\[")
                .containsPattern("PASS  test scenario customer_revenue: revenue_follows_orders +\\[")
                .containsPattern("PASS  test scenario region_revenue: a_new_customer_moves_the_region_totals +\\[")
                .containsPattern("FAIL  test scenario customer_revenue: a_wrong_total \\.+ \\[")
                .contains("FAIL scenario customer_revenue: a_wrong_total: [" + schema
                        + ":25: scenario 'a_wrong_total'] stream table scenario for customer_revenue failed at step 1"
                        + " 'Ada orders again (line 31)' (insert 1 row into shop.orders; refresh):")
                .contains("~ 1           | *15*")
                .contains("~ 1           | *99*")
                .containsPattern("status: ACTIVE, populated: true, consecutive errors: 0, last refresh at: 20")
                .contains("ERROR scenario customer_revenue: writes_to_a_view: [" + schema
                        + ":39: scenario 'writes_to_a_view'] step 1 'step 1 (line 41)': delete from stg_orders where"
                        + " order_id = 1: stg_orders is not an input of customer_revenue; its inputs (seeds and sources"
                        + " it reads) are: customers, regions, shop.orders")
                .contains("ERROR scenario customer_revenue: a_column_typo: [" + schema
                        + ":43: scenario 'a_column_typo'] step 1 'step 1 (line 45)': insert 1 row into shop.orders:"
                        + " shop.orders has no column 'total'; its columns are: order_id, customer_id, amount, status,"
                        + " ordered_at")
                .contains("ERROR scenario customer_revenue: a_misspelt_key: " + schema
                        + ":52: scenario 'a_misspelt_key' of model customer_revenue: step 1 has an unknown key"
                        + " 'insert_rows'");
        assertThat(outcome.out().lines().toList()).last().isEqualTo("27 passed, 4 failed, 0 skipped");
        assertThat(Files.readString(project.resolve("target/pgtrickle-test/run_results.json")))
                .contains(
                        "{\"type\": \"test\", \"name\": \"scenario customer_revenue: a_wrong_total\", \"status\": \"FAIL\"");
        // dbt's own run_results.json names it by its unique id.
        assertThat(Files.readString(project.resolve("target/run_results.json")))
                .contains("scenario.shop_analytics.customer_revenue.a_wrong_total");
    }

    @Test
    @DisplayName("an expectation naming a column the stream table lacks is an error naming the step and the columns")
    void expectedColumnTheTableLacks() throws IOException {
        Path project = ExampleCopies.copy(EXAMPLE, temp);
        Path schema = project.resolve("models/marts/schema.yml");
        String text = Files.readString(schema);
        String from = "              - {region_name: North, total_amount: 22.50, order_count: 3}";
        assertThat(text).contains(from);
        Files.writeString(schema, text.replace(from, "              - {region_name: North, customer_id: 2}"));

        Outcome outcome = build(project);

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("ERROR scenario region_revenue: a_new_customer_moves_the_region_totals: [" + schema)
                .contains("step 1 'Brook orders twice (line ")
                .contains("the expected rows name the column 'customer_id', which the stream table"
                        + " analytics_reporting.region_revenue does not have; its columns are: region_name,"
                        + " total_amount, order_count");
        assertThat(outcome.out().lines().toList()).last().isEqualTo("26 passed, 1 failed, 0 skipped");
    }

    private Outcome build(Path project) {
        return InProcessCli.run(
                temp, "build", "--project", project.toString(), "--setup-script", "setup/create_sources.sql");
    }
}
