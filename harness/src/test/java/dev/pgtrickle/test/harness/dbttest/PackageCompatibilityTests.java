package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.render.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages as {@code dbt deps} installs them, dispatch, dbt's global macros and the Jinja2 call syntax packages use:
 * small projects of our own with the patterns of real packages (dbt-utils' dispatch chains and generic tests).
 */
@DisplayName("dbt packages, dispatch and dbt's global macros")
class PackageCompatibilityTests {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private CompiledProject compile() {
        return ProjectCompiler.compile(
                ProjectLoader.load(dir, new LoadOptions(Map.of())),
                CompileOptions.defaults().withEnv(Map.of()).withTarget(new Target("dev", "analytics", "db")));
    }

    private void packageWithDispatchAndTest() throws IOException {
        write("dbt_packages/mypkg/dbt_project.yml", "name: mypkg\nmacro-paths: ['macros']\n");
        write(
                "dbt_packages/mypkg/macros/greet.sql",
                """
                {% macro greet(x) %}{{ return(adapter.dispatch('greet', 'mypkg')(x)) }}{% endmacro %}
                {% macro default__greet(x) %}'hello ' || {{ x }}{% endmacro %}
                {% macro shout(x) %}{{ return(adapter.dispatch('shout', 'mypkg')(x,)) }}{% endmacro %}
                {% macro default__shout(x) %}upper({{ x }}){% endmacro %}
                """);
        write(
                "dbt_packages/mypkg/macros/tests.sql",
                "{% test same_name(model, column_name) %}select 'package' as src from {{ model }}{% endtest %}\n");
    }

    @Test
    @DisplayName("a package's macros are namespaced, dispatch follows the project's search order, dbt.* macros render")
    void packageMacrosDispatchAndGlobalMacros() throws IOException {
        packageWithDispatchAndTest();
        write("dbt_project.yml", "name: p\ndispatch:\n  - macro_namespace: mypkg\n    search_order: ['p', 'mypkg']\n");
        write("macros/override.sql", "{% macro postgres__greet(x) %}'hi ' || {{ x }}{% endmacro %}\n");
        write(
                "models/a.sql",
                """
                select {{ mypkg.greet("'bob'") }} as g,
                  {{ mypkg.shout(
                       "'x'",
                  ) }} as s,
                  {% if true %}{{ dbt.dateadd('day', 1, "date '2024-01-31'") }}{% endif %} as d,
                  cast(null as {{ dbt.type_string() }}) as t,
                  {{ concat(["'a'", "'b'"]) }} as c,
                  {{ dbt.datediff("date '2024-01-01'", "date '2024-03-01'", 'month') }} as m
                """);

        String sql = compile().model("a").compiledSql();

        assertThat(sql)
                .contains("'hi ' || 'bob' as g") // the project's postgres__greet wins over the package's default__
                .contains("upper('x') as s") // a trailing comma and a multi-line call
                .contains("date '2024-01-31' + ((interval '1 day') * (1)) as d")
                .contains("cast(null as TEXT) as t")
                .contains("'a' || 'b' as c")
                .contains("date_part('month', (date '2024-03-01')::date)");
    }

    @Test
    @DisplayName("without a dispatch: entry the package's own default__ macro is used")
    void dispatchWithoutSearchOrder() throws IOException {
        packageWithDispatchAndTest();
        write("dbt_project.yml", "name: p\n");
        write("models/a.sql", "select {{ mypkg.greet(\"'bob'\") }} as g\n");
        assertThat(compile().model("a").compiledSql()).contains("'hello ' || 'bob' as g");
    }

    @Test
    @DisplayName("pkg.test resolves to the package's generic test, never to a project test of the same name")
    void packageGenericTests() throws IOException {
        packageWithDispatchAndTest();
        write("dbt_project.yml", "name: p\n");
        write("tests/generic/same_name.sql", "{% test same_name(model) %}select 'project' as src{% endtest %}\n");
        write("models/a.sql", "select 1 as id\n");
        write(
                "models/schema.yml",
                "version: 2\nmodels:\n  - name: a\n    tests:\n      - mypkg.same_name\n      - same_name\n"
                        + "      - ghostpkg.same_name\n");
        CompiledProject compiled = compile();
        DbtTestCompiler compiler = DbtTestCompiler.of(compiled);
        var tests = DbtTestDeclarations.of(compiled);

        assertThat(compiler.compile(tests.get(0)).sql()).contains("'package' as src");
        assertThat(compiler.compile(tests.get(1)).sql()).contains("'project' as src");
        assertThatThrownBy(() -> compiler.compile(tests.get(2)))
                .hasMessageContaining("package 'ghostpkg' is not installed or has no generic test 'same_name'");
    }

    @Test
    @DisplayName("a packages.yml entry that is not installed fails naming packages.yml and `dbt deps`")
    void missingPackage() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("packages.yml", "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, new LoadOptions(Map.of())))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("packages.yml:2:")
                .hasMessageContaining("package 'package: dbt-labs/dbt_utils' is not installed")
                .hasMessageContaining("run `dbt deps`");
    }

    @Test
    @DisplayName("a local: package is loaded from its path; dbt_pgtrickle needs no install")
    void localPackage() throws IOException {
        write("../shared/dbt_project.yml", "name: shared\n");
        write("../shared/macros/m.sql", "{% macro answer() %}42{% endmacro %}\n");
        write("dbt_project.yml", "name: p\n");
        write(
                "packages.yml",
                "packages:\n  - local: ../shared\n  - git: https://github.com/grove/pg-trickle.git\n"
                        + "    subdirectory: dbt-pgtrickle\n");
        write("models/a.sql", "select {{ shared.answer() }} as n\n");
        assertThat(compile().model("a").compiledSql()).contains("select 42 as n");
    }

    @Test
    @DisplayName(
            "a local: entry whose path holds no project is satisfied by an installed folder no other entry names, as dbt counts them")
    void localPackageCopiedAwayFromItsPath() throws IOException {
        write("dbt_packages/shared/dbt_project.yml", "name: shared\n");
        write("dbt_packages/shared/macros/m.sql", "{% macro answer() %}42{% endmacro %}\n");
        write("dbt_project.yml", "name: p\n");
        write("packages.yml", "packages:\n  - local: ../gone\n");
        write("models/a.sql", "select {{ shared.answer() }} as n\n");
        assertThat(compile().model("a").compiledSql()).contains("select 42 as n");

        write("packages.yml", "packages:\n  - local: ../gone\n  - local: ../also_gone\n");
        assertThatThrownBy(() -> ProjectLoader.load(dir, new LoadOptions(Map.of())))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("packages.yml:3:")
                .hasMessageContaining("package 'local: ../also_gone' is not installed");
    }

    @Test
    @DisplayName(
            "database calls answer nothing while parsing; executing without a database leaves only their model uncompiled")
    void databaseCallsFailOnlyTheirModel() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/plain.sql", "select 1 as id\n");
        write(
                "models/queries.sql",
                """
                {%- call statement('n', fetch_result=True) %}select count(*) from {{ ref('plain') }}{% endcall -%}
                {%- set result = load_result('n') -%}
                select {{ 0 if result is none else 1 }} as n
                """);
        CompiledProject compiled = compile();
        assertThat(compiled.model("plain").compileError()).isEmpty();
        assertThat(compiled.model("queries").compileError())
                .get()
                .asString()
                .contains(
                        "queries.sql",
                        "statement() asks the database while rendering queries",
                        "it is answered when the model is built");
    }

    @Test
    @DisplayName("relations are mappings with a Relation type, incorporate() works, drop_relation runs in the hook")
    void relationsAsPackagesSeeThem() throws IOException {
        write(
                "dbt_project.yml",
                "name: p\nseeds:\n  p:\n    s:\n      +post-hook: \"{% do adapter.drop_relation("
                        + "this.incorporate(type='table')) %}\"\n");
        write("seeds/s.csv", "id\n1\n");
        write(
                "macros/m.sql",
                "{% macro m(order_by='count(*) desc', sep=\"','\") %}{{ order_by }} {{ sep }}{% endmacro %}\n");
        write(
                "models/a.sql",
                """
                {%- set r = ref('s') -%}
                select '{{ r is mapping and r.get('metadata', {}).get('type', '').endswith('Relation') }}' as is_rel,
                  '{{ m() }}' as d, '{{ r.incorporate(type='view').schema }}' as s
                """);
        CompiledProject compiled = compile();
        assertThat(compiled.model("a").compiledSql())
                .contains("'true' as is_rel")
                .contains("'count(*) desc ','' as d")
                .contains("'analytics' as s");
        assertThat(HookStatement.sql(compiled.findSeed("s").orElseThrow().postHooks()))
                .containsExactly("DROP TABLE IF EXISTS \"analytics\".\"s\" CASCADE");
    }
}
