package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt unit tests pinned to dbt 1.8's semantics: inputs typed from the upstream relations, columns left out are NULL,
 * expected rows over a subset of the columns, the dict, csv (inline and fixture files) and sql formats, overrides of
 * vars, env_vars and macros, {@code this} for an incremental model, a stream table model's query, and broken entries
 * that fail on their own while the others run.
 */
@DisplayName("dbt unit tests (unit_tests:) as dbt 1.8 runs them")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitTestsTests {

    private Path project;
    private ProjectSession session;
    private DbtTestResults results;

    @BeforeAll
    void openAndBuild(@TempDir Path folder) throws IOException {
        project = folder;
        write("dbt_project.yml", "name: shop\nmodels:\n  shop:\n    +materialized: view\n");
        write(
                "setup.sql",
                "create schema crm; create table crm.customers (id integer primary key, name text, tier varchar(10));\n");
        write(
                "seeds/raw_orders.csv",
                "id,customer_id,amount,status\n1,1,10.00,placed\n2,1,5.50,shipped\n3,2,7.25,placed\n");
        write(
                "models/stg_orders.sql",
                "select id, customer_id, amount, status from {{ ref('raw_orders') }} where status <> '{{ var('skip_status', 'void') }}'");
        write(
                "models/customer_revenue.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL') }}
                select c.id as customer_id, c.name, count(o.id) as order_count, sum(o.amount) as revenue
                from {{ source('crm', 'customers') }} c
                left join {{ ref('stg_orders') }} o on o.customer_id = c.id
                group by c.id, c.name
                """);
        write(
                "models/region_orders.sql",
                "select id, '{{ env_var('SHOP_REGION', 'eu') }}' as region, amount * {{ var('rate', 1) }} as converted from {{ ref('stg_orders') }}");
        write(
                "models/order_log.sql",
                """
                {{ config(materialized='incremental', unique_key='id') }}
                select id, amount from {{ ref('stg_orders') }}
                {% if is_incremental() %}
                where id > (select max(id) from {{ this }})
                {% endif %}
                """);
        write("tests/fixtures/stg_orders_fixture.csv", "id,customer_id,amount\n1,1,2\n2,1,3\n");
        write(
                "tests/fixtures/expected_revenue.sql",
                "select 1 as customer_id, 'ann'::text as name, 2::bigint as order_count, 5::numeric as revenue");
        write("tests/fixtures/broken.csv", "id,customer_id\n1,1\n2\n");
        write(
                "models/unit_tests.yml",
                """
                version: 2
                models:
                  - name: stg_orders
                    columns:
                      - name: id
                        tests: [not_null]
                sources:
                  - name: crm
                    tables:
                      - name: customers
                unit_tests:
                  - name: revenue_sums_orders
                    description: a customer's revenue is the sum of their orders; one without orders has none
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        rows:
                          - {id: 1, name: ann}
                          - {id: 2, name: bob}
                      - input: ref('stg_orders')
                        rows:
                          - {id: 1, customer_id: 1, amount: 10}
                          - {id: 2, customer_id: 1, amount: 5.5}
                    expect:
                      rows:
                        - {customer_id: 1, revenue: 15.5}
                        - {customer_id: 2, revenue: null}
                  - name: revenue_from_csv_fixture
                    model: customer_revenue
                    config:
                      tags: [csv]
                    given:
                      - input: source('crm', 'customers')
                        format: csv
                        rows: |
                          id,name
                          1,ann
                      - input: ref('stg_orders')
                        format: csv
                        fixture: stg_orders_fixture
                    expect:
                      format: sql
                      fixture: expected_revenue
                  - name: revenue_sql_inputs
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        format: sql
                        rows: select 7 as id, 'cy'::text as name, 'gold'::varchar(10) as tier
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      format: csv
                      rows: |
                        customer_id,order_count
                        7,0
                  - name: overrides_win
                    model: region_orders
                    overrides:
                      vars: {rate: 2}
                      env_vars: {SHOP_REGION: us}
                    given:
                      - input: ref('stg_orders')
                        rows: [{id: 1, amount: 4}]
                    expect:
                      rows: [{id: 1, region: us, converted: 8}]
                  - name: incremental_run_reads_this
                    model: order_log
                    overrides:
                      macros: {is_incremental: true}
                    given:
                      - input: ref('stg_orders')
                        rows: [{id: 1, amount: 1}, {id: 2, amount: 2}, {id: 3, amount: 3}]
                      - input: this
                        rows: [{id: 2, amount: 2}]
                    expect:
                      rows: [{id: 3, amount: 3}]
                  - name: first_run_takes_everything
                    model: order_log
                    overrides:
                      macros: {is_incremental: false}
                    given:
                      - input: ref('stg_orders')
                        rows: [{id: 1, amount: 1}, {id: 2, amount: 2}]
                    expect:
                      rows: [{id: 1}, {id: 2}]
                  - name: wrong_expectation
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        rows: [{id: 1, name: ann}, {id: 2, name: bob}]
                      - input: ref('stg_orders')
                        rows: [{id: 1, customer_id: 1, amount: 3}]
                    expect:
                      rows:
                        - {customer_id: 1, order_count: 2}
                        - {customer_id: 2, order_count: 0}
                  - name: no_such_model
                    model: customer_revenu
                    given: []
                    expect:
                      rows: []
                  - name: unknown_input_column
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        rows: [{id: 1, nmae: ann}]
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: []
                  - name: missing_input
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        rows: []
                    expect:
                      rows: []
                  - name: unknown_input_model
                    model: customer_revenue
                    given:
                      - input: source('crm', 'customers')
                        rows: []
                      - input: ref('stg_order')
                        rows: []
                    expect:
                      rows: []
                  - name: malformed_fixture
                    model: customer_revenue
                    given:
                      - input: ref('stg_orders')
                        format: csv
                        fixture: broken
                    expect:
                      rows: []
                  - name: switched_off
                    model: customer_revenue
                    config:
                      enabled: false
                    given: []
                    expect:
                      rows: []
                """);
        session = ProjectSession.open(SessionOptions.builder(project)
                .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                .setupScripts(List.of(project.resolve("setup.sql")))
                .schedulerTick(Duration.ofMinutes(10))
                .build());
        session.seed();
        assertThat(session.run().hasFailures()).isFalse();
        results = session.test();
    }

    @AfterAll
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private void write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private DbtTestResult result(String name) {
        return results.result("unit_test " + name);
    }

    @Test
    @DisplayName("every enabled unit test is a test named unit_test <model>::<name>, before the data tests")
    void namesAndOutcomes() {
        assertThat(results.results())
                .extracting(DbtTestResult::name, DbtTestResult::status)
                .containsExactly(
                        tuple("unit_test customer_revenue::revenue_sums_orders", DbtTestStatus.PASS),
                        tuple("unit_test customer_revenue::revenue_from_csv_fixture", DbtTestStatus.PASS),
                        tuple("unit_test customer_revenue::revenue_sql_inputs", DbtTestStatus.PASS),
                        tuple("unit_test region_orders::overrides_win", DbtTestStatus.PASS),
                        tuple("unit_test order_log::incremental_run_reads_this", DbtTestStatus.PASS),
                        tuple("unit_test order_log::first_run_takes_everything", DbtTestStatus.PASS),
                        tuple("unit_test customer_revenue::wrong_expectation", DbtTestStatus.FAIL),
                        tuple("unit_test customer_revenu::no_such_model", DbtTestStatus.ERROR),
                        tuple("unit_test customer_revenue::unknown_input_column", DbtTestStatus.ERROR),
                        tuple("unit_test customer_revenue::missing_input", DbtTestStatus.ERROR),
                        tuple("unit_test customer_revenue::unknown_input_model", DbtTestStatus.ERROR),
                        tuple("unit_test customer_revenue::malformed_fixture", DbtTestStatus.ERROR),
                        tuple("not_null stg_orders.id", DbtTestStatus.PASS));
    }

    @Test
    @DisplayName("a failure shows actual and expected rows as a keyed row diff, over the expected columns only")
    void failureIsARowDiff() {
        DbtTestResult failed = result("customer_revenue::wrong_expectation");

        assertThat(failed.diff()).hasValueSatisfying(diff -> {
            assertThat(diff.summary()).isEqualTo("1 row differs");
            assertThat(diff.actual()).contains("customer_id | order_count", "~ 1           | *1*", "  2           | 0");
            assertThat(diff.expected()).contains("~ 1           | *2*");
        });
        assertThat(failed.message())
                .startsWith("FAIL unit_test customer_revenue::wrong_expectation (")
                .contains("unit_tests.yml:", "actual:", "expected:", "__dbt__cte__stg_orders");
    }

    @Test
    @DisplayName("broken entries fail alone, naming the file, line and entry")
    void brokenEntriesNameFileLineAndEntry() {
        assertThat(result("customer_revenu::no_such_model").message())
                .contains("unit_tests.yml:", "'no_such_model' tests model 'customer_revenu', which does not exist");
        assertThat(result("customer_revenue::unknown_input_column").message())
                .contains("unit_tests.yml:", "input source('crm', 'customers'): column 'nmae' does not exist there")
                .contains("id, name, tier");
        assertThat(result("customer_revenue::missing_input").message())
                .contains("unit_tests.yml:", "unit test 'missing_input'")
                .contains("gives no rows for ref('stg_orders')", "add '- input: ref('stg_orders')'");
        assertThat(result("customer_revenue::unknown_input_model").message())
                .contains(
                        "unit_tests.yml:",
                        "input ref('stg_order'): no model or seed of the project is called 'stg_order'");
        assertThat(result("customer_revenue::malformed_fixture").message())
                .contains("broken.csv:3:", "has 1 values but the header names 2 columns");
    }

    @Test
    @DisplayName("nothing is left behind: the model is not built by its unit tests, no view or table remains")
    void nothingLeftBehind() throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*) from pg_class where relname like '%unit_test%' or relname like '__dbt__cte%'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    @DisplayName("selection: test_type:unit, test_type:data, a unit test's name, its model")
    void selection() {
        var compiled = session.compiledProject();
        assertThat(DbtTestDeclarations.selected(compiled, "test_type:unit", ""))
                .hasSize(12)
                .allMatch(test -> test.kind() == DbtTestKind.UNIT);
        assertThat(DbtTestDeclarations.selected(compiled, "test_type:data", ""))
                .extracting(DbtTest::name)
                .containsExactly("not_null stg_orders.id");
        assertThat(DbtTestDeclarations.selected(compiled, "overrides_win", ""))
                .extracting(DbtTest::name)
                .containsExactly("unit_test region_orders::overrides_win");
        assertThat(DbtTestDeclarations.selected(compiled, "resource_type:unit_test", ""))
                .hasSize(12);
        assertThat(DbtTestDeclarations.selected(compiled, "order_log", ""))
                .extracting(DbtTest::name)
                .containsExactly(
                        "unit_test order_log::incremental_run_reads_this",
                        "unit_test order_log::first_run_takes_everything");
        assertThat(DbtTestDeclarations.selected(compiled, "tag:csv", ""))
                .extracting(DbtTest::name)
                .containsExactly("unit_test customer_revenue::revenue_from_csv_fixture");
    }
}
