package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt tests on an ephemeral model, and tests that {@code ref()} one: dbt compiles them with the model inlined as the
 * CTE {@code __dbt__cte__<name>} (its ephemeral upstream before it), as it inlines one into a model.
 */
@DisplayName("dbt tests on ephemeral models")
class EphemeralModelTestsTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @DisplayName(
            "built-in, package-style and singular tests read the ephemeral model as a CTE and pass or fail on its rows")
    void testsOnAnEphemeralModelInlineItAsACte() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("seeds/people.csv", "id,name\n1,ann\n2,bob\n3,\n");
        write("models/base.sql", "{{ config(materialized='ephemeral') }}select id, name from {{ ref('people') }}\n");
        write("models/named.sql", "{{ config(materialized='ephemeral') }}select * from {{ ref('base') }}\n");
        write(
                "models/counted.sql",
                """
                {{ config(materialized='ephemeral') }}
                {%- set n = run_query('select count(*) from ' ~ ref('people')) -%}
                select {{ n.columns[0].values()[0] if execute else 0 }} as people
                """);
        write(
                "macros/tests.sql",
                """
                {% test is_cte_with_rows(model, compare_model) %}
                  {%- if not model.is_cte -%}{{ exceptions.raise_compiler_error('not a cte: ' ~ model) }}{%- endif -%}
                  select * from (select count(*) as n from {{ model }}) a
                  where n != (select count(*) from {{ compare_model }})
                {% endtest %}
                """);
        write(
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: named
                    tests:
                      - is_cte_with_rows:
                          compare_model: ref('people')
                    columns:
                      - name: id
                        tests: [unique, not_null]
                      - name: name
                        tests:
                          - not_null
                          - not_null:
                              name: named_name_not_null_where
                              config: {where: "id < 3"}
                          - relationships:
                              to: ref('base')
                              field: name
                  - name: counted
                    columns:
                      - name: people
                        tests:
                          - accepted_values: {values: [3], quote: false}
                """);
        write(
                "tests/named_matches_people.sql",
                "select id from {{ ref('named') }} except select id from {{ ref('people') }}\n");
        SessionOptions options =
                SessionOptions.builder(dir).server(EMBEDDED).env(Map.of()).build();
        try (ProjectSession session = ProjectSession.open(options)) {
            session.build();
            Map<String, DbtTestResult> results = session.test().results().stream()
                    .collect(Collectors.toMap(result -> result.test().name(), Function.identity()));

            assertThat(results.values())
                    .extracting(result -> result.test().name() + " " + result.status() + " " + result.errorMessage())
                    .containsExactlyInAnyOrder(
                            "is_cte_with_rows named PASS Optional.empty",
                            "unique named.id PASS Optional.empty",
                            "not_null named.id PASS Optional.empty",
                            "not_null named.name FAIL Optional.empty",
                            "named_name_not_null_where PASS Optional.empty",
                            "relationships named.name PASS Optional.empty",
                            "accepted_values counted.people PASS Optional.empty",
                            "named_matches_people PASS Optional.empty");
            // As dbt writes it: the upstream ephemeral model's CTE first, then the tested one, then the test's query.
            assertThat(results.get("not_null named.id").compiledSql())
                    .startsWith("with __dbt__cte__base as (")
                    .contains("),  __dbt__cte__named as (\nselect * from __dbt__cte__base\n) select")
                    .contains("from __dbt__cte__named");
            assertThat(results.get("named_name_not_null_where").compiledSql())
                    .contains("(select * from __dbt__cte__named where id < 3) dbt_subquery");
            // An ephemeral model that asks the database is rendered against it before a test inlines it.
            assertThat(results.get("accepted_values counted.people").compiledSql())
                    .contains("__dbt__cte__counted as (\nselect 3 as people\n)");
        }
    }
}
