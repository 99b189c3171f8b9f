package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestStatus;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installed package's models, seeds and tests are built as dbt builds them: namespaced by the package, configured by
 * the package's own dbt_project.yml with the root project's {@code models: <package>:} over it (over the model's own
 * {@code config()} call too), seeing the package's vars under the root project's, and calling the package's own
 * macros before the project's.
 */
@DisplayName("packages' models, seeds, configs, vars and macro scope")
class PackageNodesTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private SessionOptions options() {
        return SessionOptions.builder(dir).server(EMBEDDED).env(Map.of()).build();
    }

    private void projectWithPackage() throws IOException {
        write(
                "dbt_packages/mypkg/dbt_project.yml",
                """
                name: mypkg
                models:
                  mypkg:
                    +materialized: table
                    staging:
                      +schema: pkg_staging
                vars:
                  greeting: from the package
                  shared: from the package
                  only_in_package: package default
                """);
        write("dbt_packages/mypkg/seeds/pkg_seed.csv", "id\n1\n2\n");
        write(
                "dbt_packages/mypkg/macros/helpers.sql",
                """
                {% macro helper() %}'package helper'{% endmacro %}
                {% macro calls_helper() %}{{ helper() }}{% endmacro %}
                {% macro generate_alias_name(custom_alias_name, node) %}pkg_{{ node.name }}{% endmacro %}
                """);
        write(
                "dbt_packages/mypkg/models/staging/base.sql",
                """
                select id, {{ helper() }} as h, {{ mypkg.calls_helper() }} as nested,
                  '{{ var('greeting') }}' as g, '{{ var('shared') }}' as s, '{{ var('only_in_package') }}' as o,
                  '{{ model.package_name }}' as p
                from {{ ref('pkg_seed') }}
                """);
        write(
                "dbt_packages/mypkg/models/wide.sql",
                "{{ config(materialized='view') }}select * from {{ ref('mypkg', 'base') }}\n");
        write("dbt_packages/mypkg/models/unwanted.sql", "select 1 as x\n");
        write(
                "dbt_packages/mypkg/models/schema.yml",
                """
                version: 2
                models:
                  - name: base
                    columns:
                      - name: id
                        tests: [not_null, unique]
                """);
        write(
                "dbt_packages/mypkg/tests/base_says_hello.sql",
                "select * from {{ ref('base') }} where h != {{ helper() }} or o != '{{ var('only_in_package') }}'\n");
        write(
                "dbt_project.yml",
                """
                name: p
                vars:
                  shared: from the root
                  mypkg:
                    greeting: from the root, for mypkg
                models:
                  mypkg:
                    wide:
                      +materialized: table
                    unwanted:
                      +enabled: false
                """);
        write("macros/helper.sql", "{% macro helper() %}'root helper'{% endmacro %}\n");
        write(
                "models/mine.sql",
                "select id, {{ helper() }} as mine, {{ mypkg.calls_helper() }} as nested from {{ ref('wide') }}\n");
    }

    private static List<String> row(ProjectSession session, String sql) throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getString(i));
            }
            return values;
        }
    }

    @Test
    @DisplayName("a package's seeds, models and tests are built with its configs, the root's over them, and its vars")
    void packageModelsSeedsAndTestsAreBuilt() throws IOException, SQLException {
        projectWithPackage();
        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults run = session.build();
            assertThat(run.results())
                    .extracting(result -> result.model() + ":" + result.materialization())
                    .containsExactlyInAnyOrder("base:table", "wide:table", "mine:view"); // unwanted: disabled
            CompiledModel base = session.compiledProject().model("base");
            assertThat(base.uniqueId()).isEqualTo("model.mypkg.base");
            // The package's own generate_alias_name names its nodes; the project's nodes keep dbt's default.
            assertThat(base.relation().qualifiedName()).isEqualTo("public_pkg_staging.pkg_base");
            assertThat(session.compiledProject().model("mine").relation().qualifiedName())
                    .isEqualTo("public.mine");

            // The package's own macro before the project's, for the package's node (also inside its macros); the
            // root's vars over the package's own (the ones scoped to the package first).
            assertThat(row(session, "select h, nested, g, s, o, p from public_pkg_staging.pkg_base order by id"))
                    .containsExactly(
                            "package helper",
                            "package helper",
                            "from the root, for mypkg",
                            "from the root",
                            "package default",
                            "mypkg");
            // For the project's node, the project's macro wins, also inside a package macro it calls.
            assertThat(row(session, "select mine, nested from public.mine order by id"))
                    .containsExactly("root helper", "root helper");
            // The root project's +materialized: table wins over the model's own config(materialized='view').
            assertThat(row(session, "select relkind::text from pg_class where relname = 'pkg_wide'"))
                    .containsExactly("r");

            List<DbtTestResult> tests = session.test().results();
            assertThat(tests)
                    .extracting(result -> result.test().uniqueId().substring(0, "test.mypkg.".length()))
                    .containsOnly("test.mypkg.");
            // Its singular test too, with the package's macros and vars.
            assertThat(tests)
                    .extracting(DbtTestResult::status)
                    .containsOnly(DbtTestStatus.PASS)
                    .hasSize(3);
        }
    }

    @Test
    @DisplayName("ref('package', 'model') names the package; a wrong package or a name used twice is an error")
    void refWithAPackageAndNameClashes() throws IOException {
        projectWithPackage();
        write("models/wrong.sql", "select * from {{ ref('p', 'base') }}\n");
        assertThatThrownBy(() -> ProjectSession.open(options()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("ref('p', 'base') in wrong: 'base' belongs to package 'mypkg', not to 'p'");

        Files.delete(dir.resolve("models/wrong.sql"));
        write("models/base.sql", "select 1 as id\n");
        assertThatThrownBy(() -> ProjectSession.open(options()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("two models are called 'base'");
    }
}
