package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jinja in {@code dbt_project.yml} and property files, rendered as dbt renders them while parsing: {@code env_var},
 * {@code var} (the command-line vars in dbt_project.yml; the project's vars too in property files) and {@code target}
 * (the selected output); hooks stay unrendered until run time.
 */
class ProjectYamlJinjaTests {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private DbtProject load(Map<String, Object> vars, String target) {
        return ProjectLoader.load(
                dir, new LoadOptions(Map.of("MODELS", "models")).withVarsAndTarget(vars, Optional.ofNullable(target)));
    }

    private void projectWithTwoTargets() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                profile: p
                model-paths: ["{{ env_var('MODELS') }}"]
                vars:
                  raw_schema: landing
                  since: "2024-01-01"
                models:
                  p:
                    +enabled: "{{ var('load_source_data', false) }}"
                    staging:
                      +enabled: true
                      +schema: "{{ target.name }}_staging"
                      +tags: ["{{ target.schema }}", "{{ target.threads }}"]
                      +post-hook: "analyze {{ this }}"
                """);
        write(
                "profiles.yml",
                """
                p:
                  target: dev
                  outputs:
                    dev: {type: postgres, host: localhost, schema: dev_s, threads: 1}
                    ci: {type: postgres, host: ci-db, schema: ci_s, threads: 4}
                """);
        write("models/a.sql", "select 1");
        write("models/staging/b.sql", "select 1");
    }

    @Test
    void projectValuesSeeCommandLineVarsAndTheSelectedTargetButHooksWaitForRunTime() throws IOException {
        projectWithTwoTargets();

        DbtProject ci = load(Map.of(), "ci");
        assertThat(ci.models()).extracting(ModelNode::name).containsExactly("b");
        NodeConfig staging = ci.model("b").orElseThrow().config();
        assertThat(staging.string("schema")).contains("ci_staging");
        assertThat(staging.strings("tags")).containsExactly("ci_s", "4");
        assertThat(staging.strings("post_hook")).containsExactly("analyze {{ this }}");

        DbtProject dev = load(Map.of("load_source_data", true), null);
        assertThat(dev.models()).extracting(ModelNode::name).containsExactly("a", "b");
        assertThat(dev.model("b").orElseThrow().config().string("schema")).contains("dev_staging");
    }

    @Test
    void projectValuesDoNotSeeTheProjectsOwnVarsAsInDbt() throws IOException {
        write("dbt_project.yml", "name: p\nvars:\n  flag: true\nmodels:\n  +enabled: \"{{ var('flag') }}\"\n");
        write("models/a.sql", "select 1");
        assertThatThrownBy(() -> load(Map.of(), null))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dbt_project.yml")
                .hasMessageContaining("var('flag') is not defined here");
        assertThat(load(Map.of("flag", false), null).models()).isEmpty();
    }

    @Test
    void anUndefinedNameIsAnErrorNotEmptyText() throws IOException {
        write("dbt_project.yml", "name: p\nmodels:\n  +schema: \"{{ no_such_thing }}_x\"\n");
        write("models/a.sql", "select 1");
        assertThatThrownBy(() -> load(Map.of(), null))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dbt_project.yml:3:")
                .hasMessageContaining("no_such_thing");
    }

    @Test
    void propertyFilesRenderSourcesModelConfigsAndTestConfigsWithTheProjectsVars() throws IOException {
        projectWithTwoTargets();
        write(
                "models/properties.yml",
                """
                sources:
                  - name: raw
                    schema: "{{ var('raw_schema') }}"
                    tables:
                      - name: orders
                        identifier: "{{ target.name }}_orders"
                models:
                  - name: b
                    config:
                      materialized: "{{ 'table' if target.name == 'ci' else 'view' }}"
                    columns:
                      - name: id
                        tests:
                          - not_null:
                              config:
                                severity: "{{ 'error' if target.name == 'ci' else 'warn' }}"
                                where: "created_at >= '{{ var('since') }}'"
                """);
        DbtProject ci = load(Map.of(), "ci");
        SourceTable orders = ci.source("raw", "orders").orElseThrow();
        assertThat(orders.relation()).isEqualTo(new Relation("landing", "ci_orders"));
        assertThat(ci.model("b").orElseThrow().config().materialized()).isEqualTo("table");
        GenericTestNode notNull = ci.genericTests().get(0);
        assertThat(notNull.severity()).isEqualTo("ERROR");
        assertThat(notNull.config().string("where")).contains("created_at >= '2024-01-01'");

        DbtProject dev = load(Map.of("since", "2025-06-01"), "dev");
        assertThat(dev.source("raw", "orders").orElseThrow().relation().identifier())
                .isEqualTo("dev_orders");
        assertThat(dev.genericTests().get(0).severity()).isEqualTo("WARN");
        assertThat(dev.genericTests().get(0).config().string("where")).contains("created_at >= '2025-06-01'");
    }
}
