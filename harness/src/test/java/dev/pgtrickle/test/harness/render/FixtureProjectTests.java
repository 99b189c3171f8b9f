package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.GenericTestNode;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The projects under {@code src/test/resources/projects}: one that uses most features, and one per bad input. */
class FixtureProjectTests {

    static final Path PROJECTS = Path.of("src/test/resources/projects");

    private static CompiledProject compile(String name) {
        DbtProject project = ProjectLoader.load(PROJECTS.resolve(name), new LoadOptions(Map.of()));
        return ProjectCompiler.compile(
                project,
                CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withTarget(new Target("dev", "analytics", "shop"))
                        .withVars(Map.of("min_amount", 10)));
    }

    @Test
    void shopCompilesEveryFeatureTogether() throws Exception {
        CompiledProject shop = compile("shop");
        DbtProject project = shop.project();
        assertThat(project.hasPackagesFile()).isTrue();
        assertThat(project.profile()
                        .orElseThrow()
                        .target(java.util.Optional.empty())
                        .orElseThrow()
                        .port())
                .hasValue(5432);

        CompiledModel totals = shop.model("customer_totals");
        assertThat(totals.relation()).isEqualTo(new Relation("analytics", "customer_totals_live"));
        assertThat(totals.config().string("schedule")).contains("5m");
        assertThat(totals.config().string("refresh_mode")).contains("FULL");
        assertThat(totals.config().string("cdc_mode")).contains("trigger");
        assertThat(totals.tags()).containsExactly("shop", "finance");
        assertThat(HookStatement.sql(totals.postHooks()))
                .containsExactly("comment on table \"analytics\".\"customer_totals_live\" is 'managed by dbt'");
        assertThat(totals.compiledSql())
                .startsWith(
                        "\n\nwith __dbt__cte__stg_orders as (\n\nselect id, customer_id, amount, status\n"
                                + "from \"analytics_raw\".\"raw_orders\"\nwhere amount > 10\n) -- Totals per customer, in eur cents.")
                .contains("sum((o.amount * 100)::bigint) as total_cents")
                .contains("from \"analytics_staging\".\"stg_customers\" c")
                .contains("join __dbt__cte__stg_orders o");
        assertThat(totals.dependsOn().models()).containsExactly("model.shop.stg_customers", "model.shop.stg_orders");

        assertThat(shop.model("stg_events").compiledSql()).isEqualTo("select * from \"app_raw\".\"app_events\"");
        assertThat(shop.findSeed("raw_orders").orElseThrow().config().get("column_types"))
                .contains(Map.of("amount", "numeric(10,2)"));
        assertThat(shop.relation("raw_orders")).contains(new Relation("analytics_raw", "raw_orders"));

        assertThat(project.genericTests())
                .extracting(GenericTestNode::name)
                .contains(
                        "dbt_pgtrickle_stream_table_healthy_customer_totals",
                        "relationships_customer_totals_"
                                + md5("relationships_customer_totals_customer_id__customer_id__ref_stg_customers_"),
                        "positive_customer_totals_total_cents",
                        "source_not_null_app_events_id");
        assertThat(project.singularTests().get(0).config().string("severity")).contains("warn");
        assertThat(shop.hasMacro("test_positive")).isTrue();

        assertThat(shop.select("tag:finance", "resource_type:test"))
                .extracting(GraphNode::name)
                .containsExactly("customer_totals");
        assertThat(shop.select("config.schedule:5m config.schema:staging", "resource_type:test"))
                .extracting(GraphNode::name)
                .containsExactly("stg_customers", "stg_events", "stg_orders", "customer_totals");
        // dbt_project.yml sets tests: shop: +severity: warn, which applies to generic tests as well as singular ones.
        assertThat(shop.select("config.severity:warn", ""))
                .extracting(GraphNode::name)
                .containsExactlyInAnyOrder(
                        "assert_known_customers",
                        "unique_stg_customers_customer_id",
                        "not_null_stg_customers_customer_id",
                        "source_not_null_app_events_id",
                        "dbt_pgtrickle_stream_table_healthy_customer_totals",
                        "unique_customer_totals_customer_id",
                        "relationships_customer_totals_e645e9bd108a776788327b0e02f7aaec");
        assertThat(shop.selectModels("+customer_totals", ""))
                .extracting(CompiledModel::name)
                .containsExactly("stg_customers", "stg_orders", "customer_totals");
        assertThat(shop.select("source:app+", ""))
                .extracting(GraphNode::name)
                .contains("app.events", "stg_events", "source_not_null_app_events_id");
        assertThat(shop.render(project.singularTests().get(0)).sql())
                .contains("with __dbt__cte__stg_orders as (")
                .contains("left join \"analytics_raw\".\"raw_customers\" c");
    }

    private static String md5(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "%032x".formatted(new java.math.BigInteger(1, digest));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no_project_file      | dbt_project.yml     | point the harness at the folder holding dbt_project.yml",
                "yaml_syntax          | dbt_project.yml:5:  | YAML syntax error",
                "property_yaml_syntax | schema.yml:6:       | YAML syntax error",
                "missing_name         | schema.yml:4:       | has no 'name:'",
                "duplicate_model      | a.sql               | two models are called 'a'",
                "undefined_ref        | a.sql:3:            | ref('orders') in a: no model or seed is called 'orders'",
                "undefined_var        | a.sql:1:            | var('region') in a is not defined",
                "undefined_source     | a.sql:2:            | source('app', 'events') in a: no such source table is declared",
                "cycle                | dependency cycle    | a -> b -> a",
                "template_error       | a.sql:3:            | template error",
            })
    void badProjectsFailWithFileLineAndFix(String project, String where, String what) {
        assertThatThrownBy(() -> compile("bad/" + project))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining(where)
                .hasMessageContaining(what);
    }
}
