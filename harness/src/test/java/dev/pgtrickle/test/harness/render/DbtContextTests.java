package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.project.MacroFile;
import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbtContextTests {

    @TempDir
    Path dir;

    @Test
    void varsResolveCommandLineThenProjectThenDefault() {
        TestProject project = TestProject.in(dir)
                .file("dbt_project.yml", "name: p\nvars:\n  region: eu\n  days: 7\n")
                .options(CompileOptions.defaults().withEnv(Map.of()).withVars(Map.of("region", "us")));
        assertThat(project.render("{{ var('region') }} {{ var('days') }} {{ var('missing', 'dflt') }}"))
                .isEqualTo("us 7 dflt");
    }

    @Test
    void typeConversionFilters() {
        TestProject project =
                TestProject.in(dir).options(CompileOptions.defaults().withEnv(Map.of("N", "41", "B", "true")));
        assertThat(
                        project.render(
                                "{{ env_var('N') | as_number + 1 }} {{ env_var('B') | as_bool }} {{ 5 | as_text }} {{ '2.5' | as_native * 2 }}"))
                .isEqualTo("42 true 5 5.0");
    }

    @Test
    void projectMacrosSeeTheCallersContext() {
        TestProject project = TestProject.in(dir)
                .file(
                        "macros/ctx.sql",
                        "{% macro ctx() %}{{ this }} {{ execute }} {{ target.name }} {{ flags.FULL_REFRESH }}{% endmacro %}")
                .options(CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withTarget(new Target("ci", "s", "db"))
                        .withFullRefresh(true));
        assertThat(project.render("{{ ctx() }}")).isEqualTo("\"s\".\"m\" true ci true");
    }

    @Test
    void envVarWithDefault() {
        TestProject project =
                TestProject.in(dir).options(CompileOptions.defaults().withEnv(Map.of("SET", "yes")));
        assertThat(project.render("{{ env_var('SET') }} {{ env_var('UNSET', 'fallback') }}"))
                .isEqualTo("yes fallback");
    }

    @Test
    void targetThisAndFlags() {
        TestProject project = TestProject.in(dir)
                .options(CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withTarget(new Target("ci", "analytics", "warehouse"))
                        .withFullRefresh(true));
        assertThat(
                        project.render(
                                "{{ target.name }} {{ target.schema }} {{ target.database }} {{ target.type }} {{ this }} {{ this.schema }}.{{ this.identifier }} {{ flags.FULL_REFRESH }} {{ is_incremental() }} {{ execute }}"))
                .isEqualTo("ci analytics warehouse postgres \"analytics\".\"m\" analytics.m true false true");
    }

    @Test
    void isIncrementalWithoutADatabaseIsAFirstBuildAndARenderMayFixTheAnswer() {
        CompiledProject compiled = TestProject.in(dir)
                .file(
                        "models/inc.sql",
                        "{{ config(materialized='incremental') }}select {{ is_incremental() }} as later,"
                                + " {{ should_full_refresh() }} as rebuilt")
                .file("models/tbl.sql", "select {{ is_incremental() }} as later")
                .compile();
        // Compiled before the build, with no database to ask: what a first build runs, and no compile error.
        assertThat(compiled.model("inc").compileError()).isEmpty();
        assertThat(compiled.model("inc").compiledSql()).isEqualTo("select false as later, false as rebuilt");
        assertThat(compiled.model("tbl").compiledSql()).isEqualTo("select false as later");
        // The seam a dbt unit test's overrides: macros: is_incremental uses.
        assertThat(compiled.render(
                                "{{ is_incremental() }}",
                                dir.resolve("models/inc.sql"),
                                Map.of(CompiledProject.IS_INCREMENTAL_OVERRIDE, true))
                        .sql())
                .isEqualTo("true");
    }

    @Test
    void refWithTheProjectAsPackageAndAdapterQuote() {
        TestProject project = TestProject.in(dir).file("seeds/raw.csv", "id\n1\n");
        assertThat(project.render(
                        "select {{ adapter.quote('Id') }} from {{ ref('p', 'raw') }} {% do log('hello', info=true) %}"))
                .isEqualTo("select \"Id\" from \"public\".\"raw\" ");
    }

    @Test
    void sourcesResolveToTheirSchemaAndIdentifier() {
        TestProject project = TestProject.in(dir)
                .file(
                        "models/src.yml",
                        """
                        version: 2
                        sources:
                          - name: shop
                            schema: raw_shop
                            tables:
                              - name: orders
                                identifier: orders_2026
                        """);
        CompiledProject compiled = project.file("models/m.sql", "select * from {{ source('shop', 'orders') }}")
                .compile();
        assertThat(compiled.model("m").compiledSql()).isEqualTo("select * from \"raw_shop\".\"orders_2026\"");
        assertThat(compiled.model("m").dependsOn().sources()).containsExactly("source.p.shop.orders");
    }

    @Test
    void customSchemaAliasAndStreamTableOverrides() {
        CompiledProject compiled = TestProject.in(dir)
                .file("dbt_project.yml", "name: p\nmodels:\n  p:\n    staging:\n      +schema: staging\n")
                .file("models/staging/stg.sql", "{{ config(alias='stg_orders') }}select 1 as x")
                .file(
                        "models/st.sql",
                        "{{ config(materialized='stream_table', stream_table_name='orders_live', stream_table_schema='live') }}select * from {{ ref('stg') }}")
                .options(CompileOptions.defaults().withEnv(Map.of()).withTarget(new Target("dev", "analytics", "db")))
                .compile();
        assertThat(compiled.model("stg").relation()).isEqualTo(new Relation("analytics_staging", "stg_orders"));
        assertThat(compiled.model("st").relation()).isEqualTo(new Relation("live", "orders_live"));
        assertThat(compiled.model("st").compiledSql()).isEqualTo("select * from \"analytics_staging\".\"stg_orders\"");
        assertThat(compiled.models()).extracting(CompiledModel::name).containsExactly("stg", "st");
    }

    @Test
    void projectGenerateSchemaNameOverrideIsUsed() {
        CompiledProject compiled = TestProject.in(dir)
                .file(
                        "macros/schema.sql",
                        """
                        {% macro generate_schema_name(custom_schema_name, node) -%}
                            {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
                        {%- endmacro %}
                        """)
                .file("models/a.sql", "{{ config(schema='marts') }}select 1")
                .file("models/b.sql", "select 1")
                .compile();
        assertThat(compiled.model("a").relation()).isEqualTo(new Relation("marts", "a"));
        assertThat(compiled.model("b").relation()).isEqualTo(new Relation("public", "b"));
    }

    @Test
    void ephemeralModelsAreInlinedAsCtesUpstreamFirst() {
        CompiledProject compiled = TestProject.in(dir)
                .file("models/base.sql", "{{ config(materialized='ephemeral') }}select 1 as id")
                .file("models/mid.sql", "{{ config(materialized='ephemeral') }}select id from {{ ref('base') }}")
                .file("models/plain.sql", "select * from {{ ref('mid') }}")
                .file(
                        "models/withed.sql",
                        "with x as (select 2 as id)\nselect * from x join {{ ref('base') }} using (id)")
                .compile();
        assertThat(compiled.model("plain").compiledSql())
                .isEqualTo(
                        "with __dbt__cte__base as (\nselect 1 as id\n),  __dbt__cte__mid as (\nselect id from __dbt__cte__base\n) select * from __dbt__cte__mid");
        assertThat(compiled.model("withed").compiledSql())
                .isEqualTo(
                        "with __dbt__cte__base as (\nselect 1 as id\n), x as (select 2 as id)\nselect * from x join __dbt__cte__base using (id)");
        assertThat(compiled.relation("base")).isEmpty();
        assertThat(compiled.model("plain").dependsOn().models()).containsExactly("model.p.mid");
    }

    @Test
    void hooksAreRenderedWithThis() {
        CompiledProject compiled = TestProject.in(dir)
                .file(
                        "dbt_project.yml",
                        "name: p\nmodels:\n  +pre-hook: \"select 'pre {{ this }}'\"\nseeds:\n  p:\n    +schema: raw\n    +post-hook: [\"analyze {{ this }}\"]\n")
                .file("models/m.sql", "{{ config(post_hook=['grant select on {{ this }} to reporting']) }}select 1")
                .file("seeds/s.csv", "a\n1\n")
                .compile();
        CompiledModel model = compiled.model("m");
        assertThat(HookStatement.sql(model.preHooks())).containsExactly("select 'pre \"public\".\"m\"'");
        assertThat(HookStatement.sql(model.postHooks()))
                .containsExactly("grant select on \"public\".\"m\" to reporting");
        CompiledSeed seed = compiled.findSeed("s").orElseThrow();
        assertThat(seed.relation()).isEqualTo(new Relation("public_raw", "s"));
        assertThat(HookStatement.sql(seed.postHooks())).containsExactly("analyze \"public_raw\".\"s\"");
    }

    @Test
    void configPrecedenceEndsWithTheModelsOwnConfigCall() {
        CompiledProject compiled = TestProject.in(dir)
                .file(
                        "dbt_project.yml",
                        "name: p\nmodels:\n  p:\n    +materialized: table\n    +schedule: 1m\n    +tags: [project]\n")
                .file(
                        "models/props.yml",
                        "version: 2\nmodels:\n  - name: m\n    config:\n      schedule: 2m\n      refresh_mode: FULL\n")
                .file(
                        "models/m.sql",
                        "{{ config(materialized='stream_table', schedule='5m', tags=['model'], cdc_mode='wal') }}select 1")
                .compile();
        CompiledModel model = compiled.model("m");
        assertThat(model.materialization()).isEqualTo("stream_table");
        assertThat(model.config().string("schedule")).contains("5m");
        assertThat(model.config().string("refresh_mode")).contains("FULL");
        assertThat(model.config().string("cdc_mode")).contains("wal");
        assertThat(model.tags()).containsExactly("project", "model");
        assertThat(model.isStreamTable()).isTrue();
    }

    @Test
    void configNoneIsKeptAsAnExplicitNull() {
        CompiledProject compiled = TestProject.in(dir)
                .file("dbt_project.yml", "name: p\nmodels:\n  p:\n    +schedule: 1m\n    +status: ACTIVE\n")
                .file("models/props.yml", "version: 2\nmodels:\n  - name: m\n    config:\n      status: null\n")
                .file("models/m.sql", "{{ config(materialized='stream_table', schedule=none) }}select 1")
                .compile();
        Map<String, Object> config = compiled.model("m").config().asMap();
        assertThat(config).containsEntry("schedule", null).containsEntry("status", null);
        assertThat(compiled.model("m").config().string("schedule")).isEmpty();
        assertThat(compiled.model("m").config().isSetToNone("schedule")).isTrue();
        assertThat(compiled.model("m").config().isSetToNone("refresh_mode")).isFalse();
    }

    @Test
    void configGetSeesEveryLayer() {
        CompiledProject compiled = TestProject.in(dir)
                .file("dbt_project.yml", "name: p\nmodels:\n  p:\n    +materialized: stream_table\n    +schedule: 1m\n")
                .file(
                        "models/m.sql",
                        """
                        {{ config(refresh_mode='FULL') }}
                        {%- if config.get('materialized') == 'stream_table' -%}
                        select '{{ config.get('schedule') }}', '{{ config.get('refresh_mode') }}', '{{ config.get('missing', 'dflt') }}', '{{ config.require('schedule') }}'
                        {%- endif %}""")
                .compile();
        assertThat(compiled.model("m").compiledSql()).isEqualTo("select '1m', 'FULL', 'dflt', '1m'");
    }

    @Test
    void modelConfigOverridesWinOverTheModelsOwnConfigCall() {
        TestProject project = TestProject.in(dir)
                .file(
                        "models/m.sql",
                        "{{ config(materialized='stream_table', schedule='1m') }}select '{{ config.get('schedule') }}' as s")
                .options(CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withModelConfigOverrides(Map.of("m", Map.of("schedule", "5m", "status", "PAUSED"))));
        CompiledModel model = project.compile().model("m");
        assertThat(model.config().string("schedule")).contains("5m");
        assertThat(model.config().string("status")).contains("PAUSED");
        assertThat(model.compiledSql()).isEqualTo("select '5m' as s");
        assertThatThrownBy(() -> project.options(CompileOptions.defaults()
                                .withEnv(Map.of())
                                .withModelConfigOverrides(Map.of("nope", Map.of("schedule", "5m"))))
                        .compile())
                .isInstanceOf(dev.pgtrickle.test.harness.project.ProjectException.class)
                .hasMessageContaining(
                        "configuration override for 'nope', which is not a model of project 'p'; its models are: m");
    }

    @Test
    void aModelsSqlCanBeReplacedBeforeCompiling() {
        TestProject project = TestProject.in(dir).file("models/m.sql", "select 1 as x");
        var loaded = project.load();
        var changed = loaded.withModels(loaded.models().stream()
                .map(model -> model.withRawSql("select 2 as x")
                        .withConfig(model.config().merge(Map.of("tags", "changed"))))
                .toList());
        CompiledModel model = ProjectCompiler.compile(
                        changed, CompileOptions.defaults().withEnv(Map.of()))
                .model("m");
        assertThat(model.compiledSql()).isEqualTo("select 2 as x");
        assertThat(model.tags()).containsExactly("changed");
    }

    @Test
    void configEnabledFalseInTheModelRemovesIt() {
        CompiledProject compiled = TestProject.in(dir)
                .file("models/off.sql", "{{ config(enabled=false) }}select 1 as id")
                .file("models/on.sql", "select 1 as id")
                .file(
                        "models/s.yml",
                        "version: 2\nmodels:\n  - name: 'off'\n    tests: [dbt_pgtrickle.healthy]\n  - name: 'on'\n    tests: [dbt_pgtrickle.healthy]\n")
                .compile();
        assertThat(compiled.models()).extracting(CompiledModel::name).containsExactly("on");
        assertThat(compiled.project().genericTests()).hasSize(2);
        assertThat(compiled.genericTests())
                .extracting(dev.pgtrickle.test.harness.project.GenericTestNode::name)
                .containsExactly("dbt_pgtrickle_healthy_on");
    }

    @Test
    void testBlocksAndBuiltinNamespace() {
        MacroFile builtin = new MacroFile(
                Path.of("builtin/not_negative.sql"),
                "builtin/not_negative.sql",
                "{% test not_negative(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}\n"
                        + "{% macro greet() %}hi{% endmacro %}");
        CompiledProject compiled = TestProject.in(dir)
                .file(
                        "tests/generic/positive.sql",
                        "{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}")
                .file("seeds/raw.csv", "amount\n1\n")
                .options(CompileOptions.defaults().withEnv(Map.of()).withBuiltinMacros(List.of(builtin)))
                .compile();
        assertThat(compiled.hasMacro("test_positive")).isTrue();
        RenderedSql own = compiled.render(
                "{{ test_positive(model=ref('raw'), column_name='amount') }}", Path.of("generic_test.sql"), Map.of());
        assertThat(own.sql()).isEqualTo("select * from \"public\".\"raw\" where amount <= 0");
        assertThat(own.dependsOn().seeds()).containsExactly("seed.p.raw");
        RenderedSql namespaced = compiled.render(
                "{{ dbt_pgtrickle.not_negative(model=ref('raw'), column_name='amount') }} {{ dbt_pgtrickle.greet() }}",
                Path.of("generic_test.sql"),
                Map.of());
        assertThat(namespaced.sql()).isEqualTo("select * from \"public\".\"raw\" where amount < 0 hi");
    }

    @Test
    void targetCarriesTheProfilesConnectionValuesButNeverThePassword() {
        TestProject project = TestProject.in(dir)
                .options(CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withTarget(new Target(
                                "ci",
                                "s",
                                "db",
                                Map.of("host", "db.example", "port", 6432, "user", "ci", "threads", 4))));
        assertThat(project.render("{{ target.host }}:{{ target.port }} {{ target.user }} {{ target.threads }}"
                        + " [{{ target.password }}{{ target.pass }}]"))
                .isEqualTo("db.example:6432 ci 4 []");
        assertThatThrownBy(() -> new Target("ci", "s", "db", Map.of("password", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaModelFlagsAndThisDatabase() {
        TestProject project = TestProject.in(dir)
                .file("models/m.yml", "models:\n  - name: m\n    config:\n      tags: [daily]\n")
                .options(CompileOptions.defaults().withEnv(Map.of()).withTarget(new Target("ci", "s", "db")));
        assertThat(project.render("{{ schema }} {{ model.name }} {{ model.unique_id }} {{ model.config.tags | join }}"
                        + " {{ model.original_file_path }} {{ flags.WHICH }} {{ flags.EMPTY }} {{ this.database }}"))
                .isEqualTo("s m model.p.m daily models/m.sql run false db");
        TestProject built = TestProject.in(dir)
                .options(CompileOptions.defaults()
                        .withEnv(Map.of())
                        .withTarget(new Target("ci", "s", "db"))
                        .withWhich("build"));
        assertThat(built.render("{{ flags.WHICH }}")).isEqualTo("build");
    }

    @Test
    void apiColumnIsCallableAsTheAdaptersColumnClass() {
        TestProject project =
                TestProject.in(dir).options(CompileOptions.defaults().withEnv(Map.of()));
        assertThat(
                        project.render(
                                """
                        {%- set a = api.Column('amount', 'numeric', numeric_precision=10, numeric_scale=2) -%}
                        {%- set n = api.Column('name', 'character varying', char_size=20) -%}
                        {%- set c = api.Column.create('code', 'varchar(5)') -%}
                        {%- set d = api.Column.from_description('id', 'integer') -%}
                        {{ a.name }}:{{ a.data_type }}:{{ a.is_numeric() }} {{ n.data_type }}:{{ n.is_string() }} {{ c.char_size }}:{{ c.quoted }} {{ d.data_type }}:{{ d.is_integer() }}"""))
                .isEqualTo("amount:numeric(10,2):true character varying(20):true 5:\"code\" integer:true");
        assertThatThrownBy(() -> project.render("{{ api.Column('x', 'int', size=3) }}"))
                .hasMessageContaining("api.Column() got an unexpected keyword argument 'size'");
    }
}
