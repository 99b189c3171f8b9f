package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestStatus;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
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
 * Models and tests render again just before they are built, against the build's database, as dbt renders a node with
 * {@code execute} true right before running it: {@code run_query}, {@code statement}/{@code load_result}, the {@code
 * adapter} and {@code api} objects and {@code graph}, in small projects using the patterns real packages use.
 */
@DisplayName("rendering at run time, against the database")
class RunTimeRenderingTests {

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

    /** A seed of three rows with a sized text column and a numeric column, as packages' macros read them. */
    private void projectWithSeed() throws IOException {
        write(
                "dbt_project.yml",
                """
                name: p
                seeds:
                  p:
                    s:
                      +column_types: {id: integer, name: varchar(20), amount: 'numeric(10,2)'}
                """);
        write("seeds/s.csv", "id,name,amount\n1,a,1.50\n2,b,2.00\n3,c,3.25\n");
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

    private static ModelRunResult result(RunResults run, String model) {
        return run.results().stream()
                .filter(each -> each.model().equals(model))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName("run_query answers an agate-like table, after the models it reads are built; the SQL that ran is kept")
    void runQueryAtRenderTime() throws IOException, SQLException {
        projectWithSeed();
        write("models/a.sql", "{{ config(materialized='table') }}select id * 10 as x from {{ ref('s') }}\n");
        write(
                "models/b.sql",
                """
                {{ config(materialized='table') }}
                {%- set t = run_query('select max(x) as top, count(*) as n from ' ~ ref('a')) -%}
                {%- set names = run_query('select name from ' ~ ref('s') ~ ' order by id') -%}
                {%- if execute -%}
                select {{ t.columns[0].values()[0] }} as top, {{ t.columns['n'].values()[0] }} as n,
                  '{{ t.column_names | join('/') }}' as cols, '{{ t.rows[0].top }}-{{ t.rows[0][1] }}' as first_row,
                  '{% for r in names %}{{ r['name'] }}{% endfor %}' as names, {{ names.rows | length }} as rows
                {%- else -%}
                select 0 as top
                {%- endif %}
                """);
        write(
                "models/eph.sql",
                """
                {{ config(materialized='ephemeral') }}
                {%- set n = run_query('select count(*) from ' ~ ref('s')) -%}
                select {{ n.columns[0].values()[0] if execute else 0 }} as seed_rows
                """);
        write("models/uses_eph.sql", "{{ config(materialized='table') }}select seed_rows from {{ ref('eph') }}\n");
        try (ProjectSession session = ProjectSession.open(options())) {
            // Without a database (as listing renders it) the model cannot be compiled yet, and says why.
            assertThat(ProjectCompilation.of(options()).compiled().model("b").compileError())
                    .get()
                    .asString()
                    .contains("run_query() asks the database while rendering b");
            RunResults run = session.build();
            assertThat(result(run, "b").compiledSql()).contains("select 30 as top, 3 as n");
            assertThat(result(run, "b").action()).isEqualTo(RunAction.CREATED);
            assertThat(row(session, "select top, n, cols, first_row, names, rows from b"))
                    .containsExactly("30", "3", "top/n", "30-3", "abc", "3");
            assertThat(session.compiledProject().model("b").compiledSql()).contains("select 30 as top");
            // An ephemeral model that asks the database is inlined as rendered at run time.
            assertThat(row(session, "select seed_rows from uses_eph")).containsExactly("3");
        }
    }

    @Test
    @DisplayName("{% call statement %} and load_result give data, table and response; a refused query fails its model")
    void statementAndLoadResult() throws IOException, SQLException {
        projectWithSeed();
        write(
                "models/st.sql",
                """
                {%- set seed = ref('s') -%}
                {%- call statement('q', fetch_result=True) -%}
                  select count(*) as n, sum(amount) as total from {{ seed }}
                {%- endcall -%}
                {%- set r = load_result('q') -%}
                {%- if execute -%}
                select {{ r['data'][0][0] }} as n, {{ r['table'].columns['total'].values()[0] }} as total,
                  '{{ r['response'].code }}' as code, {{ load_result('never') is none }} as none_for_unknown
                {%- else -%}select 0 as n{%- endif %}
                """);
        write(
                "models/broken.sql",
                "{% if execute %}{% do run_query('select * from no_such_table') %}{% endif %}select 1 as x\n");
        write("models/after_broken.sql", "select * from {{ ref('broken') }}\n");
        try (ProjectSession session = ProjectSession.open(options())) {
            // model broken fails on purpose: ask for the results of the failing build instead of its exception.
            RunResults run = session.buildAllowingFailures();
            assertThat(row(session, "select n, total, code, none_for_unknown from st"))
                    .containsExactly("3", "6.75", "SELECT", "t");
            assertThat(result(run, "broken").action()).isEqualTo(RunAction.ERROR);
            assertThat(result(run, "broken").errorMessage())
                    .get()
                    .asString()
                    .contains("the database refused a query asked while rendering broken", "no_such_table");
            assertThat(result(run, "after_broken").action()).isEqualTo(RunAction.SKIPPED);
        }
    }

    @Test
    @DisplayName("adapter.get_columns_in_relation answers api.Column objects with dbt's names and type tests")
    void columnsInRelation() throws IOException, SQLException {
        projectWithSeed();
        write(
                "models/cols.sql",
                """
                {%- set cols = adapter.get_columns_in_relation(ref('s')) -%}
                select '{% for c in cols %}{{ c.name }}:{{ c.dtype }}:{{ c.data_type }}:{{ c.quoted }}:{{ c.is_string() }}:{{ c.is_number() }};{% endfor %}' as described,
                  {{ cols | length }} as n,
                  '{% for c in get_columns_in_relation(ref('s')) %}{{ c.column }}{% endfor %}' as global_call,
                  '{% for c in adapter.get_columns_in_relation(api.Relation.create(schema=target.schema, identifier='nope')) %}x{% endfor %}' as none_for_missing
                """);
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            assertThat(row(session, "select described, n, global_call, none_for_missing from cols"))
                    .containsExactly(
                            "id:integer:integer:\"id\":false:true;"
                                    + "name:character varying:character varying(20):\"name\":true:false;"
                                    + "amount:numeric:numeric(10,2):\"amount\":false:true;",
                            "3",
                            "idnameamount",
                            "");
        }
    }

    @Test
    @DisplayName("get_relation, load_relation, api.Relation.create and get_missing_columns ask the catalog")
    void relationsFromTheCatalog() throws IOException, SQLException {
        projectWithSeed();
        write("models/v.sql", "{{ config(materialized='view') }}select id from {{ ref('s') }}\n");
        write(
                "models/rel.sql",
                """
                {%- set t = adapter.get_relation(database=target.database, schema=target.schema, identifier='s') -%}
                {%- set missing = adapter.get_relation(target.database, target.schema, 'nope') -%}
                {%- set view = load_relation(ref('v')) -%}
                {%- set made = api.Relation.create(database=target.database, schema=target.schema, identifier='s', type='table') -%}
                {%- set gone = adapter.get_missing_columns(ref('s'), ref('v')) -%}
                select '{{ t.type if t else '' }}' as t, {{ missing is none }} as missing,
                  '{{ view.type if view else '' }}' as view_type, '{{ made }}' as made,
                  '{{ gone | map(attribute='name') | join(',') }}' as not_in_view, '{{ made.render() }}' as rendered
                """);
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            assertThat(row(session, "select t, missing, view_type, made, not_in_view, rendered from rel"))
                    .containsExactly("table", "t", "view", "\"public\".\"s\"", "name,amount", "\"public\".\"s\"");
        }
    }

    @Test
    @DisplayName("a package macro dispatching to a default__ that queries works in models and in a generic test")
    void dispatchChainsAndTestsAskTheDatabase() throws IOException, SQLException {
        projectWithSeed();
        write("dbt_packages/pkg/dbt_project.yml", "name: pkg\nmacro-paths: ['macros']\n");
        write(
                "dbt_packages/pkg/macros/count_rows.sql",
                """
                {% macro count_rows(relation) %}{{ return(adapter.dispatch('count_rows', 'pkg')(relation)) }}{% endmacro %}
                {% macro default__count_rows(relation) %}
                  {%- call statement('count_rows', fetch_result=True) -%}select count(*) from {{ relation }}{%- endcall -%}
                  {%- if execute -%}{{ return(load_result('count_rows')['data'][0][0]) }}{%- else -%}{{ return(0) }}{%- endif -%}
                {% endmacro %}
                {% test column_count(model, expected) %}
                  {%- set n = adapter.get_columns_in_relation(model) | length -%}
                  select {{ n }} as found where {{ n }} != {{ expected }}
                {% endtest %}
                """);
        write("models/counted.sql", "select {{ pkg.count_rows(ref('s')) }} as n\n");
        write(
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: counted
                    tests:
                      - pkg.column_count: {expected: 1}
                      - pkg.column_count: {expected: 2}
                """);
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            assertThat(row(session, "select n from counted")).containsExactly("3");
            List<DbtTestResult> tests = session.test().results();
            assertThat(tests).extracting(DbtTestResult::status).containsExactly(DbtTestStatus.PASS, DbtTestStatus.FAIL);
        }
    }

    @Test
    @DisplayName(
            "print_table() prints a query's answer and renders nothing; flags.WHICH is the command the session runs")
    void printTableAndWhich() throws IOException, SQLException {
        projectWithSeed();
        write(
                "models/printed.sql",
                """
                {%- set seed = ref('s') -%}
                {%- if execute -%}
                  {%- do run_query('select id, name from ' ~ seed ~ ' order by id').print_table(max_rows=2) -%}
                {%- endif -%}
                select '{{ flags.WHICH }}' as which
                """);
        write("models/listed.sql", "select '{{ flags.WHICH }}' as which\n");
        try (ProjectSession session = ProjectSession.open(options()).invokedAs("build")) {
            session.build();
            assertThat(row(session, "select which from printed")).containsExactly("build");
        }
        assertThat(ProjectCompilation.of(options(), "ls")
                        .compiled()
                        .model("listed")
                        .compiledSql())
                .isEqualTo("select 'ls' as which");
    }

    @Test
    @DisplayName("graph.nodes holds every node with its config, depends_on, resource_type and relation")
    void graphNodes() throws IOException, SQLException {
        projectWithSeed();
        write("models/a.sql", "{{ config(materialized='table', tags=['daily']) }}select 1 as x from {{ ref('s') }}\n");
        write(
                "models/g.sql",
                """
                {%- set models = [] -%}
                {%- for node in graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') -%}
                  {%- do models.append(node.name ~ ':' ~ node.config.materialized ~ ':' ~ (node.depends_on.nodes | join('+'))) -%}
                {%- endfor -%}
                select '{{ models | sort | join(' ') }}' as models,
                  '{{ graph.nodes['model.p.a'].relation_name }}' as a_relation,
                  '{{ graph.nodes['model.p.a'].config.tags | join(',') }}' as a_tags
                """);
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            List<String> values = row(session, "select models, a_relation, a_tags from g");
            assertThat(values.get(0)).isEqualTo("a:table:seed.p.s g:view:");
            assertThat(values.get(1)).endsWith(".\"public\".\"a\"");
            assertThat(values.get(2)).isEqualTo("daily");
        }
    }
}
