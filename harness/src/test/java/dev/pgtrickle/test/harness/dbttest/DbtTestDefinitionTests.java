package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThatThrownBy(() -> new DbtTestLoader(DbtProjectLayout.read(project)).tests())
                .isInstanceOf(DbtTestDefinitionException.class)
                .hasMessage(
                        "%s: test 'unique' on m.c, config 'severity': severity 'fatal' is not valid; use 'error' or 'warn'"
                                .formatted(project.resolve("models/schema.yml")));
    }

    @Test
    @DisplayName("disabled tests are left out; a custom name is kept")
    void disabledAndNamed() throws IOException {
        write("dbt_project.yml", "name: p\n");
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
        assertThat(new DbtTestLoader(DbtProjectLayout.read(project)).tests())
                .extracting(DbtTest::name)
                .containsExactly("c_is_always_set");
    }

    @Test
    @DisplayName("a folder without dbt_project.yml is refused with the fix")
    void notAProject() {
        assertThatThrownBy(() -> DbtProjectLayout.read(project))
                .hasMessage("%s not found: %s is not a dbt project; point to the folder that holds dbt_project.yml"
                        .formatted(project.resolve("dbt_project.yml"), project));
    }

    private void write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
