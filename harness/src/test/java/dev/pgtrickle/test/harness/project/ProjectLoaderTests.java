package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTests {

    static final Path ORDER_TOTALS = Path.of("../examples/projects/order_totals");

    @TempDir
    Path dir;

    @Test
    void loadsTheIntegrationProject() {
        DbtProject project = ProjectLoader.load(ORDER_TOTALS, new LoadOptions(Map.of("PGPORT", "6543")));

        assertThat(project.name()).isEqualTo("pgtrickle_integration_tests");
        assertThat(project.profileName()).contains("integration_tests");
        assertThat(project.models()).extracting(ModelNode::name).containsExactly("order_totals");
        ModelNode model = project.model("order_totals").orElseThrow();
        assertThat(model.uniqueId()).isEqualTo("model.pgtrickle_integration_tests.order_totals");
        assertThat(model.originalFilePath()).isEqualTo("models/marts/order_totals.sql");
        assertThat(model.fqn()).containsExactly("pgtrickle_integration_tests", "marts", "order_totals");
        assertThat(model.config().materialized()).isEqualTo("stream_table");
        assertThat(model.columns())
                .extracting(ColumnSpec::name)
                .containsExactly("customer_id", "total_amount", "order_count");
        assertThat(project.seeds()).extracting(SeedNode::name).containsExactly("raw_orders");
        assertThat(project.genericTests())
                .extracting(GenericTestNode::name)
                .containsExactly(
                        "not_null_order_totals_customer_id",
                        "unique_order_totals_customer_id",
                        "not_null_order_totals_total_amount",
                        "not_null_order_totals_order_count");
        GenericTestNode unique = project.genericTests().get(1);
        assertThat(unique.macroName()).isEqualTo("test_unique");
        assertThat(unique.kwargs()).containsEntry("column_name", "customer_id");
        assertThat(unique.severity()).isEqualTo("ERROR");
        assertThat(unique.line()).isEqualTo(10);
        assertThat(project.singularTests())
                .extracting(SingularTestNode::name)
                .containsExactly("assert_no_errors", "assert_totals_correct");
        ProfileTarget target = project.profile()
                .orElseThrow()
                .target(java.util.Optional.empty())
                .orElseThrow();
        assertThat(target.port()).hasValue(6543);
        assertThat(target.host()).contains("localhost");
        assertThat(target.schema()).isEqualTo("public");
        assertThat(project.hasPackagesFile()).isFalse();
    }

    @Test
    void missingProjectFileNamesTheFolder() {
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dbt_project.yml")
                .hasMessageContaining("point the harness at the folder holding dbt_project.yml");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        write("dbt_project.yml", "name: broken\nmodels:\n  broken:\n    +materialized: [view\n    other: x\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOfSatisfying(ProjectException.class, e -> {
                    assertThat(e.file())
                            .hasValueSatisfying(
                                    f -> assertThat(f.getFileName().toString()).isEqualTo("dbt_project.yml"));
                    assertThat(e.line()).isPresent();
                })
                .hasMessageContaining("YAML syntax error");
    }

    @Test
    void configPrecedenceProjectThenPropertiesThenFolders() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: prec
                models:
                  +tags: ['all']
                  prec:
                    +materialized: table
                    +schedule: 5m
                    marts:
                      +materialized: stream_table
                      +tags: marts
                      +pre-hook: "select 1"
                      refresh_mode: FULL
                """);
        write("models/marts/a.sql", "select 1 as x");
        write("models/b.sql", "select 1 as x");
        write(
                "models/marts/props.yml",
                """
                version: 2
                models:
                  - name: a
                    config:
                      schedule: 10m
                      tags: ['props']
                      post_hook: ["select 2"]
                """);
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        NodeConfig a = project.model("a").orElseThrow().config();
        assertThat(a.materialized()).isEqualTo("stream_table");
        assertThat(a.string("schedule")).contains("10m");
        assertThat(a.string("refresh_mode")).contains("FULL");
        assertThat(a.tags()).containsExactly("all", "marts", "props");
        assertThat(a.strings("pre_hook")).containsExactly("select 1");
        assertThat(a.strings("post-hook")).containsExactly("select 2");
        NodeConfig b = project.model("b").orElseThrow().config();
        assertThat(b.materialized()).isEqualTo("table");
        assertThat(b.tags()).containsExactly("all");
    }

    @Test
    void propertyEntryForAMissingModelIsAWarningAsInDbt() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/a.sql", "select 1");
        write(
                "models/schema.yml",
                "version: 2\nmodels:\n  - name: a\n  - name: typo_model\n    columns:\n      - name: id\n"
                        + "        tests: [unique]\n");
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.models()).extracting(ModelNode::name).containsExactly("a");
        assertThat(project.genericTests()).isEmpty();
        assertThat(project.warnings())
                .singleElement()
                .asString()
                .contains("schema.yml:4:", "model 'typo_model' is described here but there is no .sql file");
    }

    @Test
    void resourcesNotBuiltAreWarnedAboutNeverSilentlyIgnored() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/a.sql", "select 1 as id");
        write(
                "models/schema.yml",
                "version: 2\nmodels:\n  - name: a\nunit_tests:\n  - name: ut_a\n    model: a\n"
                        + "exposures:\n  - name: dash\n    type: dashboard\n");
        write("snapshots/snap.sql", "{% snapshot orders_snapshot %}\nselect 1\n{% endsnapshot %}\n");
        write("models/other.yml", "version: 2\nsemantic_models: []\n");
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.warnings())
                .anySatisfy(w -> assertThat(w).contains("'exposures:' (1 entries: [dash])"))
                .hasSize(1);
        // Unit tests are run now; this one lacks 'given:', which its run reports (file, line and entry).
        assertThat(project.unitTests()).singleElement().satisfies(test -> assertThat(test.problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("schema.yml:5:", "'ut_a' needs 'given:'")));
        // A snapshot is loaded, as a node of its own that builds with the models.
        assertThat(project.model("orders_snapshot").orElseThrow().uniqueId()).isEqualTo("snapshot.p.orders_snapshot");
    }

    @Test
    void snapshotsAreLoadedFromTheirPathsWithTheirConfigurationAndCheckedAsDbtChecksThem() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                snapshot-paths: [snaps]
                snapshots:
                  p:
                    +tags: [history]
                    old:
                      +enabled: false
                    nowhere:
                      +enabled: false
                """);
        write(
                "snaps/sub/orders.sql",
                "{% snapshot orders_snapshot %}\nselect 1 as id\n{% endsnapshot %}\n"
                        + "{%- snapshot customers_snapshot -%}\nselect 2 as id\n{%- endsnapshot -%}\n");
        write("snaps/old/old.sql", "{% snapshot old_snapshot %}select 1 as id{% endsnapshot %}\n");
        write("snapshots/ignored.sql", "{% snapshot not_in_the_paths %}select 1{% endsnapshot %}\n");
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());

        assertThat(project.models())
                .extracting(ModelNode::uniqueId)
                .containsExactly("snapshot.p.customers_snapshot", "snapshot.p.orders_snapshot");
        ModelNode orders = project.model("orders_snapshot").orElseThrow();
        assertThat(orders.fqn()).containsExactly("p", "sub", "orders_snapshot");
        assertThat(orders.rawSql()).isEqualTo("\nselect 1 as id\n");
        assertThat(orders.config().materialized()).isEqualTo("snapshot");
        assertThat(orders.config().tags()).containsExactly("history");
        assertThat(project.paths().snapshotPaths()).containsExactly("snaps");
        assertThat(project.warnings())
                .singleElement()
                .asString()
                .contains("'snapshots:' has configuration paths that match no node", "nowhere");

        write("snaps/broken.sql", "select 0;\n{% snapshot broken %}\nselect 1\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("broken.sql:2")
                .hasMessageContaining("snapshot 'broken' has no {% endsnapshot %}");
        Files.delete(dir.resolve("snaps/broken.sql"));
        write("models/orders_snapshot.sql", "select 1 as id\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("a model and a snapshot are both called 'orders_snapshot'");
    }

    @Test
    void aNameYamlReadsAsBooleanIsAnErrorAskingForQuotes() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/on.sql", "select 1");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: on\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("schema.yml:3:")
                .hasMessageContaining("quote the name");
    }

    @Test
    void genericTestsWithArgumentsConfigAndPackages() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/orders.sql", "select 1 as status");
        write("seeds/raw.csv", "id\n1\n");
        write(
                "models/schema.yml",
                """
                version: 2
                sources:
                  - name: shop
                    schema: raw_shop
                    tables:
                      - name: customers
                        identifier: customers_v2
                        columns:
                          - name: id
                            tests: [unique]
                models:
                  - name: orders
                    tests:
                      - dbt_pgtrickle.stream_table_healthy
                    columns:
                      - name: status
                        data_tests:
                          - accepted_values:
                              values: ['placed', 'shipped']
                              config:
                                severity: warn
                                where: "status is not null"
                          - relationships:
                              to: ref('raw')
                              field: id
                              error_if: ">10"
                """);
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.genericTests())
                .extracting(GenericTestNode::name)
                .containsExactly(
                        "dbt_pgtrickle_stream_table_healthy_orders",
                        "accepted_values_orders_status__placed__shipped",
                        "relationships_orders_status__id__ref_raw_",
                        "source_unique_shop_customers_id");
        GenericTestNode healthy = project.genericTests().get(0);
        assertThat(healthy.packageName()).contains("dbt_pgtrickle");
        assertThat(healthy.macroName()).isEqualTo("test_stream_table_healthy");
        GenericTestNode accepted = project.genericTests().get(1);
        assertThat(accepted.severity()).isEqualTo("WARN");
        assertThat(accepted.config().string("where")).contains("status is not null");
        assertThat(accepted.kwargs()).containsOnlyKeys("column_name", "values");
        GenericTestNode relationships = project.genericTests().get(2);
        assertThat(relationships.config().string("error_if")).contains(">10");
        assertThat(relationships.kwargs()).containsEntry("to", "ref('raw')").doesNotContainKey("error_if");
        GenericTestNode source = project.genericTests().get(3);
        assertThat(source.attachedTo().modelExpression()).isEqualTo("source('shop', 'customers')");
        assertThat(project.source("shop", "customers").orElseThrow().relation())
                .isEqualTo(new Relation("raw_shop", "customers_v2"));
    }

    @Test
    void projectVarsScopedByProjectNameWin() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                vars:
                  region: eu
                  limit: 5
                  p:
                    region: us
                """);
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.vars()).containsEntry("region", "us").containsEntry("limit", 5);
    }

    @Test
    void envVarInProjectConfigIsRenderedButHooksAreNot() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                models:
                  p:
                    +schema: "{{ env_var('TEAM_SCHEMA', 'shared') }}"
                    +post-hook: "analyze {{ this }}"
                    +schedule: "{{ var('every') }}"
                """);
        write("models/a.sql", "select 1");
        assertThatThrownBy(() -> ProjectLoader.load(dir, new LoadOptions(Map.of())))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dbt_project.yml:4:")
                .hasMessageContaining("'+schedule': var('every') is not defined here");
        write(
                "dbt_project.yml",
                """
                name: p
                models:
                  p:
                    +schema: "{{ env_var('TEAM_SCHEMA', 'shared') }}"
                    +post-hook: "analyze {{ this }}"
                """);
        NodeConfig config = ProjectLoader.load(dir, new LoadOptions(Map.of("TEAM_SCHEMA", "team_a")))
                .model("a")
                .orElseThrow()
                .config();
        assertThat(config.string("schema")).contains("team_a");
        assertThat(config.strings("post_hook")).containsExactly("analyze {{ this }}");
    }

    @Test
    void hiddenFilesAndFoldersAreSkipped() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/a.sql", "select 1");
        write("models/.checkpoints/a.sql", "select 2");
        write("models/.#b.sql", "select 3");
        assertThat(ProjectLoader.load(dir, LoadOptions.defaults()).models())
                .extracting(ModelNode::name)
                .containsExactly("a");
    }

    @Test
    void disabledModelsAreLeftOut() throws IOException {
        write("dbt_project.yml", "name: p\nmodels:\n  p:\n    old:\n      +enabled: false\n");
        write("models/old/a.sql", "select 1");
        write("models/b.sql", "select 1");
        assertThat(ProjectLoader.load(dir, LoadOptions.defaults()).models())
                .extracting(ModelNode::name)
                .isEqualTo(List.of("b"));
    }

    @Test
    void macrosIncludeGenericTestFolder() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("macros/util.sql", "{% macro one() %}1{% endmacro %}");
        write("tests/generic/positive.sql", "{% test positive(model, column_name) %}select 1{% endtest %}");
        write("tests/check.sql", "select 1 where false");
        DbtProject project = ProjectLoader.load(dir, LoadOptions.defaults());
        assertThat(project.macros())
                .extracting(MacroFile::originalFilePath)
                .containsExactly("macros/util.sql", "tests/generic/positive.sql");
        assertThat(project.singularTests()).extracting(SingularTestNode::name).containsExactly("check");
    }

    @Test
    void profileWithoutTheProjectsProfileIsAnError() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: wanted\n");
        write("profiles.yml", "other:\n  target: dev\n  outputs:\n    dev: {type: postgres}\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("profiles.yml")
                .hasMessageContaining("no profile 'wanted'");
    }

    @Test
    void profileEnvVarWithoutDefaultMustBeSet() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\n");
        write(
                "profiles.yml",
                "p:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      password: \"{{ env_var('SECRET') }}\"\n");
        Profile unset =
                ProjectLoader.load(dir, new LoadOptions(Map.of())).profile().orElseThrow();
        assertThatThrownBy(() -> unset.target(Optional.empty()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("profiles.yml:5:")
                .hasMessageContaining("profile 'p' target 'dev' key 'password'")
                .hasMessageContaining("environment variable SECRET is not set");
        assertThat(ProjectLoader.load(dir, new LoadOptions(Map.of("SECRET", "s3")))
                        .profile()
                        .orElseThrow()
                        .target(Optional.of("dev"))
                        .orElseThrow()
                        .password())
                .contains("s3");
    }

    @Test
    void onlyTheSelectedTargetIsRendered() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\n");
        write(
                "profiles.yml",
                """
                p:
                  target: dev
                  outputs:
                    dev:
                      type: postgres
                      dbname: local
                    prod:
                      type: postgres
                      password: "{{ env_var('PROD_SECRET') }}"
                """);
        // As dbt: a variable missing for an output nobody selects does not stop the project from loading or running.
        Profile profile =
                ProjectLoader.load(dir, new LoadOptions(Map.of())).profile().orElseThrow();

        assertThat(profile.outputNames()).containsExactly("dev", "prod");
        assertThat(profile.target(Optional.empty()).orElseThrow().dbname()).contains("local");
        assertThatThrownBy(() -> profile.target(Optional.of("prod")))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("environment variable PROD_SECRET is not set");
    }

    @Test
    void profileValuesTakeDbtPostgresAliasesAndChainedFilters() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\n");
        write(
                "profiles.yml",
                """
                p:
                  target: dev
                  outputs:
                    dev:
                      type: postgres
                      pass: "{{ env_var('PW', 'pw') | string }}"
                      database: "{{ env_var('DB', 'shop') }}"
                      port: "{{ env_var('PORT', '6543') | int }}"
                      threads: "{{- env_var('THREADS', 4) | as_number | int -}}"
                """);

        ProfileTarget dev = ProjectLoader.load(dir, new LoadOptions(Map.of("PORT", "7000")))
                .profile()
                .orElseThrow()
                .target(Optional.empty())
                .orElseThrow();

        assertThat(dev.password()).contains("pw");
        assertThat(dev.dbname()).contains("shop");
        assertThat(dev.port()).hasValue(7000);
        assertThat(dev.raw()).containsEntry("port", 7000L).containsEntry("threads", 4L);
        assertThat(dev.threads()).isEqualTo(4);
    }

    @Test
    void anIntFilterOnTextIsAnError() throws IOException {
        write("dbt_project.yml", "name: p\nprofile: p\n");
        write(
                "profiles.yml",
                "p:\n  target: dev\n  outputs:\n    dev:\n      port: \"{{ env_var('PORT', 'x') | int }}\"\n");
        Profile profile =
                ProjectLoader.load(dir, new LoadOptions(Map.of())).profile().orElseThrow();

        assertThatThrownBy(() -> profile.target(Optional.empty()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("key 'port': int: 'x' is not a number");
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
