package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Change;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Step;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Sync;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Verb;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change scenarios read from {@code config: meta: pgtrickle_scenarios:} of a model's property entry. */
@DisplayName("change scenarios declared in YAML")
class ScenarioDeclarationTests {

    @TempDir
    Path dir;

    private Path schema;

    private DbtProject load(String scenarios) throws IOException {
        Files.writeString(dir.resolve("dbt_project.yml"), "name: shop\n");
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/revenue.sql"), "select 1 as customer_id");
        schema = dir.resolve("models/schema.yml");
        Files.writeString(
                schema,
                """
                version: 2
                models:
                  - name: revenue
                    config:
                      meta:
                        pgtrickle_scenarios:
                """
                        + scenarios.indent(10));
        return ProjectLoader.load(dir, LoadOptions.defaults());
    }

    @Test
    @DisplayName("every key is read: given (names, ref(), source()), expect, steps with each change and sync")
    void complete() throws IOException {
        DbtProject project = load(
                """
                - name: follows_orders
                  wait_timeout: 5s
                  given:
                    - input: ref('customers')
                      rows:
                        - {customer_id: 1, signup: 2026-03-01}
                    - input: source('shop', 'orders')
                      rows: []
                  expect:
                    - {customer_id: 1, total: 120.50}
                  steps:
                    - name: two changes
                      insert:
                        input: shop.orders
                        rows:
                          - {order_id: 1, amount: 10}
                      update: {input: shop.orders, set: "amount = 5", where: "order_id = 1"}
                      refresh: true
                      expect: []
                    - delete: {input: shop.orders, where: "true"}
                      truncate: [customers, {input: shop.orders}]
                      wait_for_scheduler: true
                      expect:
                        - {customer_id: 1}
                    - name: immediate
                      truncate: customers
                """);

        ScenarioDeclaration scenario = project.scenarios().get(0);
        assertThat(project.scenarios()).hasSize(1);
        assertThat(scenario.problem()).isEmpty();
        assertThat(scenario.model()).isEqualTo("revenue");
        assertThat(scenario.modelUniqueId()).isEqualTo("model.shop.revenue");
        assertThat(scenario.line()).isEqualTo(7);
        assertThat(scenario.waitTimeout()).contains(Duration.ofSeconds(5));
        assertThat(scenario.given())
                .extracting(ScenarioDeclaration.Input::input)
                .containsExactly("customers", "shop.orders");
        // YAML reads an unquoted date as a timestamp and 120.50 as a double: both come back as written.
        assertThat(scenario.given().get(0).rows().values()).containsExactly(List.of(1, LocalDate.of(2026, 3, 1)));
        assertThat(scenario.given().get(1).rows().columns()).isEmpty();
        assertThat(scenario.expect().orElseThrow().values()).containsExactly(List.of(1, new BigDecimal("120.5")));

        List<Step> steps = scenario.steps();
        assertThat(steps).extracting(Step::name).containsExactly("two changes", "step 2", "immediate");
        assertThat(steps).extracting(Step::sync).containsExactly(Sync.REFRESH, Sync.SCHEDULER, Sync.NONE);
        assertThat(steps.get(0).changes()).extracting(Change::verb).containsExactly(Verb.INSERT, Verb.UPDATE);
        assertThat(steps.get(0).changes().get(1))
                .extracting(Change::set, Change::where)
                .containsExactly("amount = 5", "order_id = 1");
        assertThat(steps.get(0).expect().orElseThrow().values()).isEmpty();
        assertThat(steps.get(1).changes())
                .extracting(Change::verb, Change::input)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Verb.DELETE, "shop.orders"),
                        org.assertj.core.groups.Tuple.tuple(Verb.TRUNCATE, "customers"),
                        org.assertj.core.groups.Tuple.tuple(Verb.TRUNCATE, "shop.orders"));
        assertThat(steps.get(1).line()).isEqualTo(26);
    }

    @Test
    @DisplayName("a malformed entry loads as a problem naming file, line, scenario and model; the others still load")
    void malformedEntries() throws IOException {
        DbtProject project = load(
                """
                - name: good
                  expect: []
                - name: typo
                  steps:
                    - name: first
                      refersh: true
                - name: ragged
                  expect:
                    - {a: 1, b: 2}
                    - {a: 1}
                - name: no_input
                  steps:
                    - delete: {where: "true"}
                - name: both_syncs
                  steps:
                    - refresh: true
                      wait_for_scheduler: true
                      expect: []
                - name: waits_for_nothing
                  steps:
                    - wait_for_scheduler: true
                - just a string
                - name: good
                  expect: []
                """);

        assertThat(project.scenarios()).hasSize(8);
        assertThat(project.scenarios().get(0).problem()).isEmpty();
        assertThat(project.scenarios().stream().skip(1).map(ScenarioDeclaration::problem))
                .allSatisfy(problem -> assertThat(problem).isPresent());
        assertThat(problem(project, 1))
                .isEqualTo(
                        schema + ":11: scenario 'typo' of model revenue: step 1 has an unknown key 'refersh'; the keys"
                                + " are: delete, expect, insert, name, refresh, truncate, update, wait_for_scheduler");
        assertThat(problem(project, 2))
                .isEqualTo(schema + ":16: scenario 'ragged' of model revenue: row 2 of 'expect' has the columns [a] but"
                        + " the first row has [a, b]; give every row the same columns");
        assertThat(problem(project, 3))
                .startsWith(schema + ":19: scenario 'no_input' of model revenue: an entry of"
                        + " 'delete:' needs 'input:'");
        assertThat(problem(project, 4)).contains(":22: scenario 'both_syncs'").contains("keep one");
        assertThat(problem(project, 5))
                .contains(":27: scenario 'waits_for_nothing'")
                .contains("has no 'expect:'");
        assertThat(problem(project, 6))
                .startsWith(schema + ":7: scenario 'scenario 7' of model revenue: entry 7 of 'pgtrickle_scenarios:'"
                        + " must be a mapping");
        assertThat(problem(project, 7))
                .startsWith(schema + ":29: scenario 'good' of model revenue is already declared at " + schema + ":7");
    }

    @Test
    @DisplayName("the scenarios of a property entry for a model that does not exist are left out with its tests")
    void missingModel() throws IOException {
        Files.writeString(dir.resolve("dbt_project.yml"), "name: shop\n");
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(
                dir.resolve("models/schema.yml"),
                """
                version: 2
                models:
                  - name: nope
                    config: {meta: {pgtrickle_scenarios: [{name: s, expect: []}]}}
                """);
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.scenarios()).isEmpty();
        assertThat(project.warnings()).singleElement().asString().contains("'nope' is described here");
    }

    private static String problem(DbtProject project, int index) {
        return project.scenarios()
                .get(index)
                .problem()
                .map(Optional::of)
                .orElseThrow()
                .orElseThrow();
    }
}
