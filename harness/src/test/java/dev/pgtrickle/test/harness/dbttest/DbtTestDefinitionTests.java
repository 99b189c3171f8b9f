package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dbt test declarations")
class DbtTestDefinitionTests {

    @TempDir
    Path project;

    @Test
    @DisplayName("thresholds follow dbt's operators")
    void thresholds() {
        assertThat(DbtTestThreshold.parse(">10", "x").isMetBy(11)).isTrue();
        assertThat(DbtTestThreshold.parse(">10", "x").isMetBy(10)).isFalse();
        assertThat(DbtTestThreshold.parse("!= 0", "x").isMetBy(0)).isFalse();
        assertThat(DbtTestThreshold.parse("<>0", "x").isMetBy(3)).isTrue();
        assertThat(DbtTestThreshold.parse("=2", "x").isMetBy(2)).isTrue();
        assertThatThrownBy(() -> DbtTestThreshold.parse("lots", "schema.yml: test 'unique' on t.c, config 'error_if'"))
                .hasMessage(
                        "schema.yml: test 'unique' on t.c, config 'error_if': 'lots' is not a failure-count condition; write an operator and a number, e.g. '!=0' or '>10'");
    }

    @Test
    @DisplayName("severity warn never fails, whatever error_if says")
    void severityWarnIgnoresErrorIf() {
        DbtTestConfig warn = DbtTestConfig.DEFAULTS.with(Map.of("severity", "WARN"), "x");
        assertThat(warn.statusFor(100)).isEqualTo(DbtTestStatus.WARN);
        assertThat(warn.statusFor(0)).isEqualTo(DbtTestStatus.PASS);
        assertThat(DbtTestConfig.DEFAULTS.statusFor(1)).isEqualTo(DbtTestStatus.FAIL);
    }

    @Test
    @DisplayName("an unknown severity names the file, test and fix")
    void badSeverity() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/m.sql", "select 1 as c");
        write(
                "models/schema.yml",
                """
                models:
                  - name: m
                    columns:
                      - name: c
                        tests:
                          - unique:
                              config: {severity: fatal}
                """);
        assertThatThrownBy(this::declaredTests)
                .isInstanceOf(DbtTestDefinitionException.class)
                .hasMessage(
                        "%s: test 'unique' on m.c, config 'severity': severity 'fatal' is not valid; use 'error' or 'warn'"
                                .formatted(project.resolve("models/schema.yml")));
    }

    @Test
    @DisplayName("disabled tests are left out; a custom name is kept")
    void disabledAndNamed() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/m.sql", "select 1 as c");
        write(
                "models/schema.yml",
                """
                models:
                  - name: m
                    columns:
                      - name: c
                        tests:
                          - unique: {config: {enabled: false}}
                          - not_null: {name: c_is_always_set}
                """);
        assertThat(declaredTests()).extracting(DbtTest::name).containsExactly("c_is_always_set");
    }

    @Test
    @DisplayName("the project's tests: block configures generic and singular tests; the test's own config wins")
    void projectLevelTestConfig() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                tests:
                  +severity: warn
                  p:
                    strict:
                      +severity: error
                """);
        write("models/m.sql", "select 1 as c");
        write("models/strict/s.sql", "select 1 as c");
        write(
                "models/schema.yml",
                """
                models:
                  - name: m
                    columns:
                      - name: c
                        tests:
                          - not_null
                          - unique: {config: {severity: error}}
                """);
        write(
                "models/strict/schema.yml",
                """
                models:
                  - name: s
                    columns:
                      - name: c
                        tests: [not_null]
                """);
        write("tests/assert_m.sql", "select * from {{ ref('m') }} where c < 0");
        write("tests/assert_s.sql", "{{ config(severity='error') }} select * from {{ ref('s') }} where c < 0");
        assertThat(declaredTests())
                .extracting(DbtTest::name, test -> test.config().severity())
                .containsExactly(
                        tuple("not_null m.c", DbtTestSeverity.WARN),
                        tuple("unique m.c", DbtTestSeverity.ERROR),
                        tuple("not_null s.c", DbtTestSeverity.ERROR),
                        tuple("assert_m", DbtTestSeverity.WARN),
                        tuple("assert_s", DbtTestSeverity.ERROR));
    }

    @Test
    @DisplayName("tests of a model disabled by its own config() are left out; selection brings a model's tests along")
    void disabledModelAndSelection() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/m.sql", "select 1 as c");
        write("models/disabled.sql", "{{ config(enabled=false) }} select 1 as c");
        write(
                "models/schema.yml",
                """
                models:
                  - name: m
                    columns:
                      - name: c
                        tests: [not_null]
                  - name: disabled
                    columns:
                      - name: c
                        tests: [not_null]
                """);
        write("tests/assert_m.sql", "select * from {{ ref('m') }} where c < 0");
        write("tests/assert_nothing.sql", "select 1 where false");
        CompiledProject compiled = ProjectCompiler.compile(ProjectLoader.load(project), CompileOptions.defaults());
        assertThat(DbtTestDeclarations.of(compiled))
                .extracting(DbtTest::name)
                .containsExactly("not_null m.c", "assert_m", "assert_nothing");
        assertThat(DbtTestDeclarations.selected(compiled, "m", ""))
                .extracting(DbtTest::name)
                .containsExactly("not_null m.c", "assert_m");
        assertThat(DbtTestDeclarations.selected(compiled, "", "m"))
                .extracting(DbtTest::name)
                .containsExactly("assert_nothing");
    }

    @Test
    @DisplayName("a folder without dbt_project.yml is refused with the fix")
    void notAProject() {
        assertThatThrownBy(this::declaredTests)
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dbt_project.yml");
    }

    private List<DbtTest> declaredTests() {
        return DbtTestDeclarations.of(ProjectCompiler.compile(ProjectLoader.load(project), CompileOptions.defaults()));
    }

    private void write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
