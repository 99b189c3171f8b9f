package dev.pgtrickle.test.harness.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("unit_tests: as dbt 1.8 loads them (no database)")
class UnitTestLoadingTests {

    @TempDir
    Path dir;

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private DbtProject load() {
        return ProjectLoader.load(dir, LoadOptions.defaults());
    }

    @Test
    @DisplayName("a seed input without rows has the seed's own rows; CSV quotes, doubled quotes and empty values")
    void seedRowsAndCsvQuoting() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("seeds/raw.csv", "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\n");
        write("models/m.sql", "select * from {{ ref('raw') }}");
        write(
                "models/unit.yml",
                """
                version: 2
                unit_tests:
                  - name: t
                    model: m
                    given:
                      - input: ref('raw')
                    expect:
                      rows: []
                """);

        UnitTestNode test = load().unitTests().get(0);

        assertThat(test.problem()).isEmpty();
        Map<String, Object> third = new LinkedHashMap<>();
        third.put("id", "3");
        third.put("note", null);
        assertThat(test.given().get(0).rows())
                .containsExactly(Map.of("id", "1", "note", "a, b"), Map.of("id", "2", "note", "say \"hi\""), third);
        assertThat(test.uniqueId()).isEqualTo("unit_test.p.m.t");
        assertThat(test.fqn()).containsExactly("p", "m", "t");
    }

    @Test
    @DisplayName("unit_tests: in dbt_project.yml configures them by path; a disabled model disables its unit tests")
    void projectConfigAndDisabledModels() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                models:
                  p:
                    retired:
                      +enabled: false
                unit_tests:
                  p:
                    +tags: [unit]
                    marts:
                      +enabled: false
                """);
        write("models/a.sql", "select 1 as id");
        write("models/retired/b.sql", "select 1 as id");
        write("models/marts/c.sql", "select 1 as id");
        String test =
                """
                  - name: %s
                    model: %s
                    given: []
                    expect: {rows: []}
                """;
        write(
                "models/unit.yml",
                "version: 2\nunit_tests:\n" + test.formatted("on_a", "a") + test.formatted("on_b", "b"));
        write("models/marts/unit.yml", "version: 2\nunit_tests:\n" + test.formatted("on_c", "c"));

        List<UnitTestNode> tests = load().unitTests();

        assertThat(tests).extracting(UnitTestNode::name).containsExactly("on_a");
        assertThat(tests.get(0).config().tags()).containsExactly("unit");
    }

    @Test
    @DisplayName("fixture files are found by name anywhere under tests/fixtures and are not singular tests")
    void fixturesInNestedFolders() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/m.sql", "select 1 as id");
        write("tests/fixtures/deep/m_input.sql", "select 1 as id");
        write(
                "models/unit.yml",
                """
                version: 2
                unit_tests:
                  - name: t
                    model: m
                    given: []
                    expect:
                      format: sql
                      fixture: m_input
                """);

        DbtProject project = load();

        assertThat(project.unitTests().get(0).expect())
                .hasValueSatisfying(expect -> assertThat(expect.sql()).contains("select 1 as id"));
        assertThat(project.singularTests()).isEmpty();
    }

    @Test
    @DisplayName(
            "rows that do not match their format, and an unknown format, are the test's problem with file and line")
    void formatMismatchIsAProblem() throws IOException {
        write("dbt_project.yml", "name: p\n");
        write("models/m.sql", "select 1 as id");
        write(
                "models/unit.yml",
                """
                version: 2
                unit_tests:
                  - name: csv_as_list
                    model: m
                    given:
                      - input: ref('x')
                        format: csv
                        rows: [{id: 1}]
                    expect: {rows: []}
                  - name: odd_format
                    model: m
                    given: []
                    expect: {format: json, rows: []}
                """);

        List<UnitTestNode> tests = load().unitTests();

        assertThat(tests.get(0).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("unit.yml:6:", "format csv needs 'rows:' as text"));
        assertThat(tests.get(1).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("unit.yml:", "unknown format 'json'"));
    }
}
