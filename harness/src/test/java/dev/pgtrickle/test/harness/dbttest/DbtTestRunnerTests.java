package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dbt tests run against a real database")
class DbtTestRunnerTests {

    private static ProjectDatabase database;
    private static Connection connection;

    @TempDir
    static Path project;

    private static DbtTestResults results;

    @BeforeAll
    static void buildProjectAndRunItsTests() throws IOException, SQLException {
        write("dbt_project.yml", "name: shop\nprofile: shop\n");
        write("models/orders.sql", "select 1");
        write("models/customers.sql", "select 1");
        write(
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - not_null:
                          name: orders_customer_named_at_table_level
                          column_name: customer_id
                      - count_gap:
                          name: gap_within_allowance
                          arguments:
                            compare_model: ref('customers')
                            allowed: 3
                      - count_gap:
                          name: gap_beyond_allowance
                          compare_model: ref('customers')
                          allowed: 1
                      - count_gap:
                          name: gap_counted_as_rows_by_property_file
                          arguments:
                            compare_model: ref('customers')
                            allowed: 3
                          config:
                            fail_calc: count(*)
                    columns:
                      - name: id
                        tests: [not_null, unique]
                      - name: customer_id
                        data_tests:
                          - not_null
                          - relationships:
                              to: ref('customers')
                              field: id
                      - name: status
                        tests:
                          - accepted_values:
                              values: ['placed', 'shipped']
                              config:
                                severity: warn
                          - accepted_values:
                              arguments:
                                values: ['placed', 'shipped', 'returned']
                      - name: amount
                        tests:
                          - positive:
                              config:
                                where: "status <> 'returned'"
                          - not_null:
                              config:
                                error_if: ">5"
                                warn_if: ">0"
                  - name: customers
                    tests:
                      - dbt_pgtrickle.stream_table_healthy:
                          warn_seconds: 600
                """);
        write(
                "tests/generic/positive.sql",
                """
                {% test positive(model, column_name, minimum=0) %}
                select * from {{ model }} where {{ column_name }} <= {{ minimum }}
                {% endtest %}
                """);
        write(
                "tests/assert_no_orphan_amounts.sql",
                """
                {{ config(severity='error') }}
                select o.id from {{ ref('orders') }} o where o.amount > 1000;
                """);
        // A package-style generic test: a test_ macro that sets its own fail_calc and passes extra arguments on
        // through **kwargs, as dbt-utils' equal_rowcount and not_null_proportion do.
        write(
                "macros/count_gap.sql",
                """
                {% macro test_count_gap(model, compare_model) %}
                  {{ config(fail_calc = 'sum(coalesce(gap, 0))') }}
                  {{ return(adapter.dispatch('test_count_gap')(model, compare_model, **kwargs)) }}
                {% endmacro %}
                {% macro default__test_count_gap(model, compare_model) %}
                select abs((select count(*) from {{ model }}) - (select count(*) from {{ compare_model }}))
                       - {{ kwargs.get('allowed', 0) }} as gap
                {% endmacro %}
                """);
        write("tests/assert_broken.sql", "select no_such_column from {{ ref('orders') }}");
        // One row on the first read in a transaction, none after: a report that counts in one statement and reads the
        // rows in another says "1 failing row" above "(no rows)".
        write(
                "tests/assert_read_once.sql",
                "select 1 as n where set_config('pgtrickle_test.reads',"
                        + " (coalesce(nullif(current_setting('pgtrickle_test.reads', true), ''), '0')::int + 1)::text,"
                        + " true) = '1'");

        PostgresServer server = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        database = ProjectDatabase.create(server, "DbtTestRunnerTests", ProjectDatabase.DEFAULT_TICK);
        connection = database.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table customers (id int primary key, name text)");
            statement.execute("insert into customers values (1, 'ann'), (2, 'bob')");
            statement.execute("create table orders (id int, customer_id int, status text, amount numeric)");
            statement.execute(
                    """
                    insert into orders values
                      (1, 1, 'placed', 10), (2, 2, 'shipped', 20), (3, 7, 'placed', 30),
                      (4, null, 'returned', -5), (5, 1, 'placed', null)""");
        }
        CompiledProject compiled = ProjectCompiler.compile(ProjectLoader.load(project), CompileOptions.defaults());
        List<String> started = new ArrayList<>();
        results = new DbtTestRunner(database::connect, DbtTestCompiler.of(compiled), 2)
                .runAll(DbtTestDeclarations.of(compiled), new DbtTestListener() {
                    @Override
                    public void started(DbtTest test) {
                        started.add(test.name());
                    }
                });
        assertThat(started).hasSize(results.results().size());
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    private static void write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @DisplayName("names each test after its test, model and column")
    void readableNames() {
        assertThat(results.results())
                .extracting(DbtTestResult::name)
                .containsExactly(
                        "orders_customer_named_at_table_level",
                        "gap_within_allowance",
                        "gap_beyond_allowance",
                        "gap_counted_as_rows_by_property_file",
                        "not_null orders.id",
                        "unique orders.id",
                        "not_null orders.customer_id",
                        "relationships orders.customer_id",
                        "accepted_values orders.status",
                        "accepted_values orders.status (2)",
                        "positive orders.amount",
                        "not_null orders.amount",
                        "stream_table_healthy customers",
                        "assert_broken",
                        "assert_no_orphan_amounts",
                        "assert_read_once");
    }

    @Test
    @DisplayName("passing built-in tests pass")
    void passes() {
        assertThat(results.result("not_null orders.id").status()).isEqualTo(DbtTestStatus.PASS);
        assertThat(results.result("unique orders.id").status()).isEqualTo(DbtTestStatus.PASS);
        assertThat(results.result("accepted_values orders.status (2)").status()).isEqualTo(DbtTestStatus.PASS);
        assertThat(results.result("assert_no_orphan_amounts").status()).isEqualTo(DbtTestStatus.PASS);
    }

    @Test
    @DisplayName("a failing not_null shows the whole failing row and the compiled SQL")
    void notNullFailure() {
        DbtTestResult result = results.result("not_null orders.customer_id");
        assertThat(result.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.message())
                .isEqualTo(
                        """
                        FAIL not_null orders.customer_id: 1 failing row (error_if !=0, severity error)
                          id | customer_id | status   | amount
                          ---+-------------+----------+-------
                          4  | NULL        | returned | -5

                        compiled SQL (%s):
                          select *
                          from "public"."orders"
                          where customer_id is null"""
                                .formatted(project.resolve("models/schema.yml")));
    }

    @Test
    @DisplayName("relationships finds the child rows whose parent is missing")
    void relationships() {
        DbtTestResult result = results.result("relationships orders.customer_id");
        assertThat(result.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(result.failingRows().rows()).containsExactly(List.of("3", "7", "placed", "30"));
    }

    @Test
    @DisplayName("severity warn reports WARN, not PASS and not FAIL")
    void severityWarn() {
        DbtTestResult result = results.result("accepted_values orders.status");
        assertThat(result.status()).isEqualTo(DbtTestStatus.WARN);
        assertThat(result.failingRows().rows()).containsExactly(List.of("returned", "1"));
        assertThat(result.message()).startsWith("WARN accepted_values orders.status: 1 failing row (warn_if !=0");
    }

    @Test
    @DisplayName("error_if above the failure count downgrades to warn_if")
    void thresholds() {
        assertThat(results.result("not_null orders.amount").status()).isEqualTo(DbtTestStatus.WARN);
    }

    @Test
    @DisplayName("a custom generic test gets its argument default and the where config")
    void customGenericWithWhere() {
        DbtTestResult result = results.result("positive orders.amount");
        assertThat(result.status()).isEqualTo(DbtTestStatus.PASS);
        assertThat(result.compiledSql())
                .isEqualTo(
                        "select * from (select * from \"public\".\"orders\" where status <> 'returned') dbt_subquery where amount <= 0");
    }

    @Test
    @DisplayName("a test whose SQL the database refuses is an ERROR carrying the database message")
    void brokenSql() {
        DbtTestResult result = results.result("assert_broken");
        assertThat(result.status()).isEqualTo(DbtTestStatus.ERROR);
        assertThat(result.message())
                .startsWith(
                        "ERROR assert_broken: the database refused the test's SQL: ERROR: column \"no_such_column\" does not exist")
                .contains("select no_such_column from \"public\".\"orders\"");
        assertThat(results.hasFailures()).isTrue();
    }

    @Test
    @DisplayName("a failure report reads its count and its rows from one snapshot")
    void countAndRowsFromOneRead() {
        DbtTestResult result = results.result("assert_read_once");

        assertThat(result.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.failingRows().rows()).containsExactly(List.of("1"));
        assertThat(result.failingRows().columns()).containsExactly("n");
        assertThat(result.message()).contains("1 failing row").doesNotContain("(no rows)");
    }

    @Test
    @DisplayName("stream_table_healthy fails on a table that is no stream table")
    void streamTableHealthyOnPlainTable() {
        DbtTestResult result = results.result("stream_table_healthy customers");
        assertThat(result.status()).isIn(DbtTestStatus.FAIL, DbtTestStatus.ERROR);
        assertThat(result.compiledSql()).contains("s.status in ('SUSPENDED', 'ERROR')", "make_interval(secs => 600)");
    }

    @Test
    @DisplayName("a test on a model names its column with column_name:, in the arguments")
    void tableLevelTestWithColumnName() {
        DbtTestResult result = results.result("orders_customer_named_at_table_level");
        assertThat(result.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.compiledSql()).contains("customer_id is null");
    }

    @Test
    @DisplayName("a test macro's own config(fail_calc=...) counts failures; extra arguments reach it as kwargs")
    void failCalcFromTheMacrosConfigAndKwargs() {
        // 5 orders, 2 customers: a gap of 3 rows. With 3 allowed the one row holds 0: a pass under sum(gap) (it
        // would fail under count(*)).
        DbtTestResult within = results.result("gap_within_allowance");
        assertThat(within.status()).isEqualTo(DbtTestStatus.PASS);
        DbtTestResult beyond = results.result("gap_beyond_allowance");
        assertThat(beyond.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(beyond.failures()).isEqualTo(2);
        // The property file's config wins over the macro's, as in dbt.
        DbtTestResult counted = results.result("gap_counted_as_rows_by_property_file");
        assertThat(counted.status()).isEqualTo(DbtTestStatus.FAIL);
        assertThat(counted.failures()).isEqualTo(1);
    }
}
