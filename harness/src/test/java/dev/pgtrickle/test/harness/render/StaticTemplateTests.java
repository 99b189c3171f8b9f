package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTemplateTests {

    @TempDir
    Path root;

    @Test
    void recognisesOnlyCallsOfConfigRefAndSourceWithTextArguments() {
        assertThat(StaticTemplate.of("select 1")).isPresent();
        StaticTemplate simple = StaticTemplate.of(
                        "{{ config(materialized='view', schema = \"x\") }}\nselect * from {{ ref('p', 'a') }}"
                                + " join {{source( 'raw' , 'orders' )}}")
                .orElseThrow();
        assertThat(simple.texts()).containsExactly("", "\nselect * from ", " join ", "");
        assertThat(simple.calls())
                .containsExactly(
                        new StaticTemplate.Call("config", List.of(), Map.of("materialized", "view", "schema", "x")),
                        new StaticTemplate.Call("ref", List.of("p", "a"), Map.of()),
                        new StaticTemplate.Call("source", List.of("raw", "orders"), Map.of()));

        for (String jinja : List.of(
                "{{ ref('a') | upper }}",
                "{{ ref('a').identifier }}",
                "{{ var('x') }}",
                "{{ config(enabled=false) }}",
                "{{ config(tags=['a']) }}",
                "{{ ref(name) }}",
                "{{ ref('a',) }}",
                "{{ ref('a' 'b') }}",
                "{{ config(a='1', a='2') }}",
                "{{ config(a='1', 'b') }}",
                "{{ ref('a') ~ 'x' }}",
                "{{- ref('a') }}",
                "{{ ref('a') -}}",
                "{{ ref('it''s') }}",
                "{{ ref('a\\'b') }}",
                "{{ ref('{{') }}",
                "{% if execute %}x{% endif %}",
                "{# note #}select 1",
                "select '{\"a\": 1}'::jsonb",
                "select 1 %}",
                "{{ ref('a')")) {
            assertThat(StaticTemplate.of(jinja)).as(jinja).isEmpty();
        }
    }

    /** Every model compiled without jinjava gives what jinjava gives: SQL, configuration and dependencies. */
    @Test
    void compilesAsJinjavaDoes() {
        TestProject project = TestProject.in(root)
                .file("dbt_project.yml", "name: p\nprofile: p\nmodels:\n  p:\n    b:\n      +alias: bee\n")
                .file("seeds/s.csv", "id\n1\n")
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n")
                .file("models/a.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('s') }}\n")
                .file(
                        "models/b.sql",
                        "{{ config(materialized=\"table\", schema='mart') }}\r\nselect * from {{ ref('a') }}\r\n")
                .file(
                        "models/c.sql",
                        "{{ config(materialized='stream_table', stream_table_name='c_st', schedule='1m') }}\n"
                                + "-- reads {{ ref('p', 'b') }}\nselect count(*) as n, 'it''s' as t from {{ ref('b') }}"
                                + " join {{ source('raw', 'orders') }} o on true\n\n")
                .file("models/d.sql", "select 1 as one\n")
                .file("models/e.sql", "{{ ref('c') }}{{ref('d')}}");
        DbtProject loaded = project.load();
        assertThat(loaded.models()).allSatisfy(model -> assertThat(StaticTemplate.of(model.rawSql()))
                .isPresent());

        CompiledProject withoutJinjava =
                ProjectCompiler.compile(loaded, CompileOptions.defaults().withEnv(Map.of()));
        // A comment, which renders to nothing, makes a template not static: jinjava renders it.
        CompiledProject withJinjava = ProjectCompiler.compile(
                loaded.withModels(loaded.models().stream()
                        .map(model -> model.withRawSql("{# through jinjava #}" + model.rawSql()))
                        .toList()),
                CompileOptions.defaults().withEnv(Map.of()));

        assertThat(withoutJinjava.models()).hasSize(5);
        for (CompiledModel model : withoutJinjava.models()) {
            CompiledModel expected = withJinjava.model(model.name());
            assertThat(model.compiledSql()).as(model.name()).isEqualTo(expected.compiledSql());
            assertThat(model.config().asMap())
                    .as(model.name())
                    .isEqualTo(expected.config().asMap());
            assertThat(model.dependsOn()).as(model.name()).isEqualTo(expected.dependsOn());
            assertThat(model.relation()).as(model.name()).isEqualTo(expected.relation());
        }
        assertThat(withoutJinjava.model("c").compiledSql())
                .isEqualTo("\n-- reads \"public_mart\".\"bee\"\nselect count(*) as n, 'it''s' as t from"
                        + " \"public_mart\".\"bee\" join \"raw\".\"orders\" o on true\n");
        assertThat(withoutJinjava.model("b").compiledSql())
                .contains("with __dbt__cte__a as (\n\nselect id from \"public\".\"s\"\n) select * from __dbt__cte__a");
    }

    @Test
    void aFailingCallIsReportedAsJinjavaReportsIt() {
        TestProject project = TestProject.in(root).file("models/m.sql", "select 1\nfrom {{ ref('missing') }}\n");
        assertThatThrownBy(project::compile)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2")
                .hasMessageContaining("ref('missing') in m: no model or seed is called 'missing'");
    }
}
