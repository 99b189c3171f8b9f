package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.graph.CycleException;
import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model can fail to compile names the model file, the line and the fix. */
class CompileErrorTests {

    @TempDir
    Path dir;

    @Test
    void undefinedRef() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select 1\nfrom {{ ref('nope') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("ref('nope') in m: no model or seed is called 'nope'");
    }

    @Test
    void refIntoAnotherPackage() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select * from {{ ref('other_pkg', 'm2') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:1:")
                .hasMessageContaining(
                        "package 'other_pkg' is neither this project ('p') nor an installed package ([])");
    }

    @Test
    void undefinedSource() {
        assertThatThrownBy(() -> TestProject.in(dir).render("\n\nselect * from {{ source('raw', 'orders') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:3:")
                .hasMessageContaining("source('raw', 'orders') in m: no such source table is declared");
    }

    @Test
    void undefinedVar() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select {{ var('region') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:1:")
                .hasMessageContaining("var('region') in m is not defined")
                .hasMessageContaining("give var() a default");
    }

    @Test
    void unsetEnvVarWithoutDefault() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select '{{ env_var('NOT_SET_ANYWHERE') }}'"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("env_var('NOT_SET_ANYWHERE') in m");
    }

    @Test
    void templateSyntaxErrorGivesTheLine() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select 1\nunion all\nselect {{ 1 + }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:3:")
                .hasMessageContaining("template error");
    }

    @Test
    void unclosedBlockIsAnError() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select 1\n{% if true %}\nx"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql");
    }

    @Test
    void raiseCompilerErrorStopsWithItsMessage() {
        assertThatThrownBy(
                        () -> TestProject.in(dir)
                                .render(
                                        "select 1\n{{ exceptions.raise_compiler_error('schedule must be set') }}\n{{ ref('nope') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("compilation error: schedule must be set");
    }

    @Test
    void callOnAnUndefinedPackage() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select\n  {{ dbt_utils.star(ref('x')) }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("'dbt_utils' is undefined, so 'dbt_utils.star(' cannot be called");
    }

    @Test
    void unknownFilterAndUnknownMethod() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select\n'{{ 'a' | no_such_filter }}'"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("no_such_filter");
        assertThatThrownBy(() -> TestProject.in(dir).render("select '{{ target.no_such_method() }}'"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:1:");
    }

    @Test
    void guardedCallOnAnUndefinedNameIsFine() {
        org.assertj.core.api.Assertions.assertThat(TestProject.in(dir)
                        .render("select 1{% if dbt_utils is defined %}, {{ dbt_utils.star(ref('x')) }}{% endif %}"))
                .isEqualTo("select 1");
        assertThatThrownBy(() -> TestProject.in(dir).render("select 1\n{% set cols = dbt_utils.get_columns('x') %}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("'dbt_utils.get_columns(' cannot be called");
    }

    @Test
    void unknownBuiltinInTheDbtPgtrickleNamespace() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select 1\n{{ dbt_pgtrickle.no_such_macro() }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:2:")
                .hasMessageContaining("no_such_macro");
    }

    @Test
    void unknownFunction() {
        assertThatThrownBy(() -> TestProject.in(dir).render("select {{ no_such_macro(1) }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:1:")
                .hasMessageContaining("no_such_macro");
    }

    @Test
    void errorInsideAMacroNamesTheModel() {
        TestProject project =
                TestProject.in(dir).file("macros/m.sql", "{% macro bad() %}{{ ref('ghost') }}{% endmacro %}");
        assertThatThrownBy(() -> project.render("select 1\nfrom {{ bad() }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("m.sql:")
                .hasMessageContaining("ref('ghost') in m");
    }

    @Test
    void refSeenOnlyWhenExecutingIsAnErrorWithDbtsAdvice() {
        TestProject project = TestProject.in(dir)
                .file("models/other.sql", "select 1 as x")
                .file("models/m.sql", "select 1 {% if execute %}union all select * from {{ ref('other') }}{% endif %}");
        // As in dbt, the model fails on its own (its build reports this), and the project still compiles.
        assertThat(project.compile().model("m").compileError())
                .get()
                .asString()
                .contains("m.sql")
                .contains("-- depends_on: {{ ref(...) }}");
        assertThat(project.compile().model("other").compileError()).isEmpty();
        project.file(
                "models/m.sql",
                "-- depends_on: {{ ref('other') }}\nselect 1 {% if execute %}union all select * from {{ ref('other') }}{% endif %}");
        org.assertj.core.api.Assertions.assertThat(project.compile().model("m").compiledSql())
                .endsWith("union all select * from \"public\".\"other\"");
    }

    @Test
    void twoProjectMacrosWithOneName() {
        TestProject project = TestProject.in(dir)
                .file("macros/a.sql", "{% macro cents(x) %}{{ x }} * 100{% endmacro %}")
                .file("macros/b.sql", "{% macro cents(x) %}{{ x }} * 1000{% endmacro %}")
                .file("models/m.sql", "select 1");
        assertThatThrownBy(project::compile)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("b.sql")
                .hasMessageContaining("macro 'cents' is also defined in")
                .hasMessageContaining("a.sql");
    }

    @Test
    void aProjectMacroMayReplaceABuiltin() {
        dev.pgtrickle.test.harness.project.MacroFile builtin = new dev.pgtrickle.test.harness.project.MacroFile(
                Path.of("builtin.sql"), "builtin.sql", "{% macro greet() %}built-in{% endmacro %}");
        TestProject project = TestProject.in(dir)
                .file("macros/a.sql", "{% macro greet() %}project{% endmacro %}")
                .options(CompileOptions.defaults()
                        .withEnv(java.util.Map.of())
                        .withBuiltinMacros(java.util.List.of(builtin)));
        org.assertj.core.api.Assertions.assertThat(project.render("{{ greet() }} {{ dbt_pgtrickle.greet() }}"))
                .isEqualTo("project built-in");
    }

    @Test
    void cycleNamesEveryModelInIt() {
        TestProject project = TestProject.in(dir)
                .file("models/a.sql", "select * from {{ ref('c') }}")
                .file("models/b.sql", "select * from {{ ref('a') }}")
                .file("models/c.sql", "select * from {{ ref('b') }}")
                .file("models/d.sql", "select 1");
        assertThatThrownBy(project::compile)
                .isInstanceOf(CycleException.class)
                .hasMessageContaining("dependency cycle: ")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((CycleException) e).cycle())
                        .hasSize(4)
                        .containsOnly("a", "b", "c"));
    }

    @Test
    void refToAModelDisabledByItsConfig() {
        TestProject project = TestProject.in(dir)
                .file("models/off.sql", "{{ config(enabled=false) }}select 1")
                .file("models/on.sql", "select * from {{ ref('off') }}");
        assertThatThrownBy(project::compile)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("on.sql:1:")
                .hasMessageContaining("ref('off')");
    }

    @Test
    void singularTestWithUndefinedRefFailsAtCompile() {
        TestProject project = TestProject.in(dir).file("tests/check.sql", "select * from {{ ref('ghost') }}");
        assertThatThrownBy(project::compile)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("check.sql:1:");
    }

    @Test
    void genericTestArgumentWithUndefinedRef() {
        TestProject project = TestProject.in(dir)
                .file("models/m.sql", "select 1 as id")
                .file(
                        "models/s.yml",
                        "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        tests:\n          - relationships:\n              to: ref('ghost')\n              field: id\n");
        assertThatThrownBy(project::compile)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("s.yml:7:")
                .hasMessageContaining("ref('ghost')");
    }
}
