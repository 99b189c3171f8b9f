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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt unit tests next to installed packages and ephemeral models, as dbt 1.8+ runs them: a package's own unit tests
 * run (dbt-core runs a dependency's unit tests like its data tests) with the package's unique id, fixture folder and
 * macros, and the root project's {@code unit_tests: <package>:} configuration over them; a project model that reads a
 * package model or an ephemeral model takes them as inputs, an ephemeral one only as {@code format: sql}.
 */
@DisplayName("dbt unit tests with installed packages and ephemeral inputs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitTestPackagesTests {

    private Path project;
    private ProjectSession session;
    private DbtTestResults results;

    @BeforeAll
    void openAndBuild(@TempDir Path folder) throws IOException {
        project = folder;
        write("dbt_packages/mypkg/dbt_project.yml", "name: mypkg\n");
        write("dbt_packages/mypkg/seeds/pkg_seed.csv", "id,amount\n1,10\n2,20\n");
        write("dbt_packages/mypkg/macros/label.sql", "{% macro label() %}'package'{% endmacro %}\n");
        write(
                "dbt_packages/mypkg/models/pkg_orders.sql",
                "select id, amount, {{ label() }} as label from {{ ref('pkg_seed') }}\n");
        write("dbt_packages/mypkg/tests/fixtures/pkg_seed_rows.csv", "id,amount\n7,70\n");
        write(
                "dbt_packages/mypkg/models/unit_tests.yml",
                """
                unit_tests:
                  - name: labels_orders
                    model: pkg_orders
                    given:
                      - input: ref('pkg_seed')
                        format: csv
                        fixture: pkg_seed_rows
                    expect:
                      rows: [{id: 7, label: package}]
                """);
        write(
                "dbt_project.yml",
                """
                name: shop
                unit_tests:
                  mypkg:
                    +tags: [from_root]
                """);
        write("macros/label.sql", "{% macro label() %}'project'{% endmacro %}\n");
        write(
                "models/doubled.sql",
                "{{ config(materialized='ephemeral') }}select id, amount * 2 as doubled from {{ ref('pkg_orders') }}\n");
        write(
                "models/totals.sql",
                """
                select o.id, o.amount, d.doubled, {{ label() }} as label
                from {{ ref('mypkg', 'pkg_orders') }} o join {{ ref('doubled') }} d on d.id = o.id
                """);
        write(
                "models/unit_tests.yml",
                """
                unit_tests:
                  - name: package_and_ephemeral_inputs
                    model: totals
                    given:
                      - input: ref('mypkg', 'pkg_orders')
                        rows: [{id: 1, amount: 3}, {id: 2, amount: 4}]
                      - input: ref('doubled')
                        format: sql
                        rows: select 1 as id, 6 as doubled
                    expect:
                      rows: [{id: 1, amount: 3, doubled: 6, label: project}]
                  - name: tests_a_package_model
                    model: pkg_orders
                    given:
                      - input: ref('pkg_seed')
                        rows: []
                    expect:
                      rows: []
                  - name: ephemeral_input_as_dict
                    model: totals
                    given:
                      - input: ref('pkg_orders')
                        rows: []
                      - input: ref('doubled')
                        rows: [{id: 1, doubled: 6}]
                    expect:
                      rows: []
                """);
        session = ProjectSession.open(SessionOptions.builder(project)
                .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                .env(Map.of())
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

    @Test
    @DisplayName("the package's unit test runs with its id, fixture folder and macros; the project's read its models")
    void packageAndProjectUnitTests() {
        assertThat(results.results())
                .extracting(result -> result.test().uniqueId(), DbtTestResult::status)
                .containsExactlyInAnyOrder(
                        tuple("unit_test.mypkg.pkg_orders.labels_orders", DbtTestStatus.PASS),
                        tuple("unit_test.shop.totals.package_and_ephemeral_inputs", DbtTestStatus.PASS),
                        tuple("unit_test.shop.totals.ephemeral_input_as_dict", DbtTestStatus.ERROR),
                        tuple("unit_test.shop.pkg_orders.tests_a_package_model", DbtTestStatus.ERROR));
        // The package's fixture folder holds fixtures, not singular tests.
        assertThat(session.compiledProject().project().singularTests()).isEmpty();
    }

    @Test
    @DisplayName("a project's unit test of a package's model is an error saying dbt tests only its own models")
    void unitTestOfAPackagesModel() {
        assertThat(results.result("unit_test pkg_orders::tests_a_package_model").message())
                .contains("unit_tests.yml:", "tests model 'pkg_orders' of 'mypkg'", "declare the test in 'mypkg'");
    }

    @Test
    @DisplayName("an ephemeral input given as rows is an error naming the file, line and format: sql")
    void ephemeralInputNeedsSqlFormat() {
        assertThat(results.result("unit_test totals::ephemeral_input_as_dict").message())
                .contains("unit_tests.yml:", "input ref('doubled'): 'doubled' is an ephemeral model", "'format: sql'");
    }

    @Test
    @DisplayName("the root project's unit_tests: <package>: configuration applies; selecting the model brings them")
    void rootConfigurationOverPackageUnitTestsAndSelection() {
        List<DbtTest> byName = DbtTestDeclarations.selected(session.compiledProject(), "labels_orders", "");
        assertThat(byName).hasSize(1);
        DbtTest packageTest = byName.get(0);
        assertThat(packageTest.node())
                .hasValueSatisfying(node -> assertThat(node.uniqueId()).isEqualTo("model.mypkg.pkg_orders"));
        // (The project's erroring test names pkg_orders too, so it comes along and reports its problem.)
        assertThat(DbtTestDeclarations.selected(session.compiledProject(), "pkg_orders,test_type:unit", ""))
                .extracting(DbtTest::name)
                .containsExactlyInAnyOrder(
                        "unit_test pkg_orders::labels_orders", "unit_test pkg_orders::tests_a_package_model");
        assertThat(DbtTestDeclarations.selected(session.compiledProject(), "tag:from_root", ""))
                .extracting(DbtTest::name)
                .containsExactly("unit_test pkg_orders::labels_orders");
    }
}
