package dev.pgtrickle.test.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.cli.InProcessCli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the shop_analytics example: a source table from a setup script, a chain of stream tables. */
@DisplayName("pgtrickle-test command line on shop_analytics")
class ShopAnalyticsCommandTests {

    private static final Path EXAMPLE = ExampleCopies.locate("examples/projects/shop_analytics");
    private static final String SETUP = "setup/create_sources.sql";

    @TempDir
    Path temp;

    private Outcome run(String... args) {
        return InProcessCli.run(temp, args);
    }

    /** {@code command --project <copy> --setup-script setup/create_sources.sql extra...}. */
    private Outcome runOnCopy(Path project, String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--project", project.toString(), "--setup-script", SETUP));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private Path copyExample() throws IOException {
        return ExampleCopies.copy(EXAMPLE, temp);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    @DisplayName("build with --setup-script: the source exists before the seeds, every node passes")
    void buildWithSetupScript() throws IOException {
        Outcome outcome = runOnCopy(copyExample(), "build");

        assertThat(outcome.exitCode()).as(outcome.all()).isZero();
        assertThat(outcome.out())
                .containsPattern(
                        "OK    model region_revenue \\.+ stream_table analytics_reporting\\.region_revenue created")
                .containsPattern("PASS  test accepted_values shop\\.orders\\.status \\.+")
                .containsPattern("PASS  test unit_test customer_revenue::revenue_adds_up_orders_per_customer \\.*")
                .containsPattern("PASS  test unit_test stg_orders::cancelled_and_small_orders_are_left_out \\.*")
                .containsPattern("PASS  test unit_test region_revenue::regions_sum_their_customers \\.*");
        // 2 seeds, 4 models, 16 data tests, 3 unit tests and 2 change scenarios.
        assertThat(outcome.lines()).last().isEqualTo("27 passed, 0 failed, 0 skipped");
    }

    @Test
    @DisplayName(
            "a failing unit test exits 1 showing its expected and actual rows; its model and what reads it are skipped")
    void failingUnitTestExitsOne() throws IOException {
        Path project = copyExample();
        Files.writeString(
                project.resolve("models/marts/more_unit_tests.yml"),
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
        Outcome outcome = runOnCopy(project, "build");

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(1);
        assertThat(outcome.out())
                .containsPattern("FAIL  test unit_test customer_revenue::wrong_total \\.*")
                .contains("1 row differs", "actual:", "~ 1           | *3*", "expected:", "~ 1           | *4*")
                .containsPattern("SKIP  model customer_revenue \\.+")
                .containsPattern("SKIP  model region_revenue \\.+");
        // Both reports name it: dbt's run_results.json (target/) and ours (target/pgtrickle-test/).
        assertThat(Files.readString(project.resolve("target/run_results.json")))
                .contains("\"unit_test.shop_analytics.customer_revenue.wrong_total\"", "\"fail\"");
        assertThat(Files.readString(project.resolve("target/pgtrickle-test/run_results.json")))
                .contains("unit_test customer_revenue::wrong_total");
    }

    @Test
    @DisplayName("a --setup-script that does not exist exits 2 naming both places looked at")
    void missingSetupScript() throws IOException {
        Path project = copyExample();
        Outcome outcome = run("build", "--project", project.toString(), "--setup-script", "setup/nope.sql");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err())
                .startsWith("pgtrickle-test: --setup-script setup/nope.sql: no such file (looked at "
                        + project.resolve("setup/nope.sql"));
    }

    @Test
    @DisplayName("refresh --select builds the whole project, then refreshes only the selected stream table")
    void refreshOneStreamTable() throws IOException {
        Outcome outcome = runOnCopy(copyExample(), "refresh", "--select", "customer_revenue");

        assertThat(outcome.exitCode()).as(outcome.all()).isZero();
        assertThat(outcome.out())
                .containsPattern("OK    model stg_orders \\.+ view analytics\\.stg_orders created")
                .containsPattern("OK    model int_customer_regions \\.+ ephemeral \\(inlined into its consumers\\) \\[")
                .doesNotContain("analytics.int_customer_regions")
                .containsPattern("OK    operation refresh \\.+ refreshed analytics\\.customer_revenue \\[");
        assertThat(outcome.lines()).last().isEqualTo("7 passed, 0 failed, 0 skipped");
    }

    @Test
    @DisplayName("freshness lists every stream table, separated by '; '; drop-all drops the reader first")
    void freshnessAndDropAll() throws IOException {
        Path project = copyExample();

        Outcome freshness = runOnCopy(project, "freshness");
        assertThat(freshness.exitCode()).as(freshness.all()).isZero();
        assertThat(freshness.out())
                .containsPattern(
                        "OK    operation freshness \\.+ OK: analytics\\.customer_revenue is fresh \\(\\d+s\\); OK:"
                                + " analytics_reporting\\.region_revenue is fresh \\(\\d+s\\) \\[");

        Outcome dropAll = runOnCopy(project, "drop-all");
        assertThat(dropAll.exitCode()).as(dropAll.all()).isZero();
        assertThat(dropAll.out())
                .containsPattern("OK    operation drop-all \\.+ dropped analytics_reporting\\.region_revenue,"
                        + " analytics\\.customer_revenue \\[");
    }

    @Test
    @DisplayName("a mis-indented property file: exit 2 from ls and build, with the line and where to look")
    void brokenYamlIndentation() throws IOException {
        Path project = copyExample();
        Path schema = project.resolve("models/marts/schema.yml");
        replace(schema, "    columns:\n      - name: customer_id", "    columns:\n     - name: customer_id");
        String expected = schema + ":8: YAML syntax error: mapping values are not allowed here; check the indentation"
                + " and quoting of this line and the lines just above it";

        Outcome ls = run("ls", "--project", project.toString());
        assertThat(ls.exitCode()).isEqualTo(2);
        assertThat(ls.err()).contains(expected);

        Outcome build = runOnCopy(project, "build");
        assertThat(build.exitCode()).as(build.all()).isEqualTo(2);
        assertThat(build.out()).contains(expected);
    }

    @Test
    @DisplayName("a seed with a ragged row is a project error: exit 2, the file, the line and the fix")
    void raggedSeedRow() throws IOException {
        Path project = copyExample();
        Files.writeString(
                project.resolve("seeds/customers.csv"), "5,Eve,002\n", java.nio.file.StandardOpenOption.APPEND);

        Outcome outcome = runOnCopy(project, "build");

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(2);
        assertThat(outcome.out())
                .contains(project.resolve("seeds/customers.csv")
                        + " line 6: 3 fields, but the header (line 1) has 4 columns; every row needs one value per"
                        + " column (leave a field empty for NULL)");
    }

    @Test
    @DisplayName("refresh_mode: FAST set folder-wide in dbt_project.yml: exit 2, and the message says where to look")
    void unknownRefreshModeInProjectFile() throws IOException {
        Path project = copyExample();
        replace(project.resolve("dbt_project.yml"), "+refresh_mode: DIFFERENTIAL", "+refresh_mode: FAST");

        Outcome outcome = runOnCopy(project, "build");

        assertThat(outcome.exitCode()).as(outcome.all()).isEqualTo(2);
        assertThat(outcome.out())
                .contains("invalid config refresh_mode = 'FAST'; use one of FULL, DIFFERENTIAL (alias INCREMENTAL),"
                        + " AUTO, IMMEDIATE (refresh_mode is set in the model's config(), its property file's config:"
                        + " or a +refresh_mode under models: in dbt_project.yml)");
    }

    @Test
    @DisplayName("a ref() typo and an undefined var: exit 2 with the file and line")
    void refTypoAndUndefinedVar() throws IOException {
        Path project = copyExample();
        replace(
                project.resolve("models/marts/reporting/region_revenue.sql"),
                "ref('customer_revenue')",
                "ref('customer_revenu')");
        Outcome typo = runOnCopy(project, "build");
        assertThat(typo.exitCode()).as(typo.all()).isEqualTo(2);
        assertThat(typo.out())
                .contains(project.resolve("models/marts/reporting/region_revenue.sql")
                        + ":6: ref('customer_revenu') in region_revenue: no model or seed is called 'customer_revenu'");

        replace(
                project.resolve("models/marts/reporting/region_revenue.sql"),
                "ref('customer_revenu')",
                "ref('customer_revenue')");
        replace(project.resolve("models/staging/stg_orders.sql"), "var('min_order_amount')", "var('min_order_amt')");
        Outcome var = runOnCopy(project, "build");
        assertThat(var.exitCode()).as(var.all()).isEqualTo(2);
        assertThat(var.out())
                .contains(project.resolve("models/staging/stg_orders.sql")
                        + ":9: var('min_order_amt') in stg_orders is not defined: add it under 'vars:' in"
                        + " dbt_project.yml, pass it as a command-line var, or give var() a default");
    }
}
