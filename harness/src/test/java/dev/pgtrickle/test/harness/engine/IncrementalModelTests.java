package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental models run as dbt-postgres runs them, in small projects of their own built twice or more with new seed
 * rows in between: {@code is_incremental()} true on a later run, each strategy's rows, {@code unique_key} as text and
 * as a list, {@code incremental_predicates}, {@code on_schema_change}, {@code --full-refresh} and the model's {@code
 * full_refresh} config.
 */
@DisplayName("incremental models on later runs")
class IncrementalModelTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @TempDir
    Path dir;

    private void write(String relative, String content) {
        ProjectCopy.write(dir, relative, content);
    }

    private SessionOptions options() {
        return SessionOptions.builder(dir).server(EMBEDDED).env(Map.of()).build();
    }

    /** Every row of {@code sql}, each as its columns' text joined by {@code |}. */
    private static List<String> rows(ProjectSession session, String sql) throws SQLException {
        return QueryRows.rows(session, sql);
    }

    /** A seed of events: id, kind, status. */
    private void events(String... rows) {
        write("seeds/events.csv", "id,kind,status\n" + String.join("\n", rows) + "\n");
    }

    @Test
    @DisplayName("the same project run twice with new seed rows: each strategy's table holds what dbt-postgres leaves")
    void eachStrategyOnASecondRunWithNewSeedRows() throws SQLException {
        write("dbt_project.yml", "name: inc\nseeds:\n  inc:\n    events:\n      +column_types: {id: integer}\n");
        // append with the usual filter: only rows newer than the table's newest.
        write(
                "models/appended.sql",
                """
                {{ config(materialized='incremental') }}
                select id, status from {{ ref('events') }}
                {% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}
                """);
        // append without a filter: every row comes in again.
        write(
                "models/appended_all.sql",
                "{{ config(materialized='incremental') }}select id from {{ ref('events') }}\n");
        // unique_key without a strategy: dbt-postgres's default, delete+insert; here a key of two columns.
        write(
                "models/by_default.sql",
                "{{ config(materialized='incremental', unique_key=['id', 'kind']) }}"
                        + "select id, kind, status from {{ ref('events') }}\n");
        // A hook sees the same answer as the model.
        write(
                "models/hooked.sql",
                """
                {{ config(materialized='incremental',
                          post_hook="{% if is_incremental() %}delete from {{ this }} where id = 1{% endif %}") }}
                select id from {{ ref('events') }}
                """);
        write(
                "models/merged.sql",
                """
                {{ config(materialized='incremental', incremental_strategy='merge', unique_key=['id', 'kind'],
                          merge_exclude_columns=['first_seen']) }}
                select id, kind, status, '{{ 'later' if is_incremental() else 'first' }}' as first_seen
                from {{ ref('events') }}
                """);
        // Predicates limit which rows of the table the delete may touch: id 1 is kept, so it comes twice.
        write(
                "models/predicated.sql",
                """
                {{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='id',
                          incremental_predicates=['DBT_INTERNAL_DEST.id > 1']) }}
                select id, status from {{ ref('events') }}
                """);
        events("1,a,new", "2,b,new");
        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults first = session.build();
            for (String model : List.of("appended", "appended_all", "by_default", "merged", "predicated", "hooked")) {
                assertThat(first.result(model).action()).as(model).isEqualTo(RunAction.CREATED);
            }
            assertThat(first.result("appended").compiledSql()).doesNotContain("where id >");
            assertThat(first.result("hooked").statements()).noneMatch(sql -> sql.startsWith("delete"));

            events("1,a,new", "2,b,done", "3,a,new");
            session.seed();
            RunResults second = session.run();
            for (String model : List.of("appended", "appended_all", "by_default", "merged", "predicated", "hooked")) {
                assertThat(second.result(model).action()).as(model).isEqualTo(RunAction.REPLACED);
            }
            assertThat(second.result("appended").compiledSql())
                    .contains("where id > (select max(id) from \"public\".\"appended\")");
            assertThat(rows(session, "select id || ':' || status from appended order by id"))
                    .containsExactly("1:new", "2:new", "3:new");
            assertThat(rows(session, "select id from appended_all order by id"))
                    .containsExactly("1", "1", "2", "2", "3");
            assertThat(rows(session, "select id || kind || ':' || status from by_default order by id"))
                    .containsExactly("1a:new", "2b:done", "3a:new");
            assertThat(second.result("by_default").notes())
                    .containsExactly("incremental delete+insert on (id, kind): 2 rows deleted, 3 inserted");
            // What dbt-postgres reports: the first run's CREATE TABLE AS, then the strategy's last statement.
            assertThat(first.result("by_default").commandStatus()).contains("SELECT 2");
            assertThat(second.result("appended").commandStatus()).contains("INSERT 0 1");
            assertThat(second.result("by_default").commandStatus()).contains("INSERT 0 3");
            assertThat(second.result("merged").commandStatus()).contains("MERGE 3");
            assertThat(NodeOutcome.of(second.result("merged"), java.util.Optional.empty())
                            .detail())
                    .isEqualTo("incremental public.merged rows merged (MERGE 3)");
            assertThat(NodeOutcome.of(second.result("appended"), java.util.Optional.empty())
                            .detail())
                    .isEqualTo("incremental public.appended rows inserted (INSERT 0 1)");
            assertThat(second.result("hooked").statements()).contains("delete from \"public\".\"hooked\" where id = 1");
            assertThat(rows(session, "select id from hooked order by id")).containsExactly("2", "2", "3");
            assertThat(rows(session, "select id || kind || ':' || status || ':' || first_seen from merged order by id"))
                    .as("matched rows are updated except the excluded column; new rows inserted")
                    .containsExactly("1a:new:first", "2b:done:first", "3a:new:later");
            assertThat(second.result("merged").statements()).anySatisfy(sql -> assertThat(sql)
                    .startsWith("merge into \"public\".\"merged\" as DBT_INTERNAL_DEST")
                    .contains("on (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id) and"
                            + " (DBT_INTERNAL_SOURCE.kind = DBT_INTERNAL_DEST.kind)"));
            assertThat(rows(session, "select id || ':' || status from predicated order by id, status"))
                    .containsExactly("1:new", "1:new", "2:done", "3:new");

            // A third run with nothing new: the filtered append adds nothing; the keyed ones stay as they are.
            RunResults third = session.run();
            assertThat(third.result("appended").notes()).containsExactly("incremental append: 0 rows inserted");
            assertThat(rows(session, "select count(*) from by_default")).containsExactly("3");
            assertThat(rows(session, "select count(*) from merged")).containsExactly("3");
        }
    }

    @Test
    @DisplayName("a stream table reading an incremental model stays in place; the rows a later run merges reach it")
    void streamTableDownstreamOfAnIncrementalModel() throws SQLException {
        write("dbt_project.yml", "name: inc\n");
        write(
                "models/inc.sql",
                """
                {{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}
                select id, status from {{ ref('events') }}
                """);
        write(
                "models/st.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='DIFFERENTIAL') }}
                select status, count(*) as n from {{ ref('inc') }} group by status
                """);
        events("1,a,new", "2,b,new");
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            assertThat(rows(session, "select status || ':' || n from st")).containsExactly("new:2");
            events("1,a,new", "2,b,done", "3,a,new");
            session.seed();
            RunResults second = session.run();
            assertThat(second.result("inc").action()).isEqualTo(RunAction.REPLACED);
            assertThat(second.result("st").action()).isEqualTo(RunAction.UNCHANGED);
            rows(session, "select pgtrickle.refresh_stream_table('public.st')");
            assertThat(rows(session, "select status || ':' || n from st order by status"))
                    .containsExactly("done:1", "new:2");
        }
    }

    @Test
    @DisplayName("--full-refresh rebuilds, full_refresh: false keeps the rows, flags and should_full_refresh() agree")
    void fullRefreshAndTheModelsFullRefreshConfig() throws SQLException {
        write("dbt_project.yml", "name: inc\n");
        String body =
                """
                select id, '{{ flags.FULL_REFRESH }}' as flag, '{{ should_full_refresh() }}' as should,
                  '{{ is_incremental() }}' as incremental
                from {{ ref('events') }}
                """;
        write("models/rebuilt.sql", "{{ config(materialized='incremental') }}\n" + body);
        write("models/kept.sql", "{{ config(materialized='incremental', full_refresh=false) }}\n" + body);
        events("1,a,new");
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            session.run();
            RunResults full = session.fullRefresh();
            assertThat(full.result("rebuilt").action()).isEqualTo(RunAction.RECREATED);
            assertThat(full.result("rebuilt").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            assertThat(full.result("kept").action()).isEqualTo(RunAction.REPLACED);
            assertThat(rows(session, "select lower(flag || ':' || should || ':' || incremental) from rebuilt"))
                    .containsExactly("true:true:false");
            assertThat(rows(session, "select lower(flag || ':' || should || ':' || incremental) from kept order by 1"))
                    .as("the first run, the second, then --full-refresh added to the kept table")
                    .containsExactly("false:false:false", "false:false:true", "true:false:true");
        }
    }

    @Test
    @DisplayName(
            "on_schema_change: ignore, fail, append_new_columns and sync_all_columns when the model's columns change")
    void onSchemaChange() throws SQLException {
        write("dbt_project.yml", "name: inc\n");
        String before = "select 1 as id, 'x'::text as gone, 10 as amount";
        String after = "select 2 as id, 'y'::text as added, 20.5::numeric(6,2) as amount";
        for (String setting : List.of("ignore", "fail", "append_new_columns", "sync_all_columns", "whatever")) {
            write(
                    "models/osc_%s.sql".formatted(setting),
                    "{{ config(materialized='incremental', on_schema_change='%s') }}%s\n".formatted(setting, before));
        }
        try (ProjectSession session = ProjectSession.open(options())) {
            session.run();
            for (String setting : List.of("ignore", "fail", "append_new_columns", "sync_all_columns")) {
                session.overrideModelSql(
                        "osc_" + setting,
                        "{{ config(materialized='incremental', on_schema_change='%s') }}%s".formatted(setting, after));
            }
            session.overrideModelSql(
                    "osc_whatever",
                    "{{ config(materialized='incremental', on_schema_change='whatever') }}"
                            + "select 2 as id, 'x'::text as gone, 10 as amount, 'y'::text as added");
            RunResults second = session.runAllowingFailures();

            // ignore: the table's columns are loaded, and one the model no longer returns cannot be filled.
            assertThat(second.result("osc_ignore").errorMessage())
                    .get()
                    .asString()
                    .contains("table public.osc_ignore has columns the model no longer returns", "\"gone\" text");
            assertThat(second.result("osc_fail").errorMessage())
                    .get()
                    .asString()
                    .contains(
                            "on_schema_change is 'fail'",
                            "new in the model: \"added\" text",
                            "gone from the model: \"gone\" text",
                            "retyped: \"amount\" now numeric(6,2) (was integer)",
                            "--full-refresh");
            assertThat(rows(session, "select count(*) from osc_fail")).containsExactly("1");

            assertThat(second.result("osc_append_new_columns").action()).isEqualTo(RunAction.REPLACED);
            assertThat(rows(
                            session,
                            "select id || ':' || coalesce(gone, '-') || ':' || amount || ':' || coalesce(added, '-')"
                                    + " from osc_append_new_columns order by id"))
                    .as("the new column is added; the gone one stays, empty for new rows")
                    .containsExactly("1:x:10:-", "2:-:21:y");

            assertThat(second.result("osc_sync_all_columns").action()).isEqualTo(RunAction.REPLACED);
            assertThat(rows(
                            session,
                            "select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' order by attnum)"
                                    + " from pg_attribute where attrelid = 'osc_sync_all_columns'::regclass"
                                    + " and attnum > 0 and not attisdropped"))
                    .as("added, dropped, and the retyped column moved to the end as dbt's alter_column_type does")
                    .containsExactly("id integer, added text, amount numeric(6,2)");
            assertThat(rows(
                            session,
                            "select id || ':' || coalesce(added, '-') || ':' || amount from osc_sync_all_columns"
                                    + " order by id"))
                    .containsExactly("1:-:10.00", "2:y:20.50");

            // An unknown value is read as ignore, as dbt does, and said so; ignore loads the table's columns only.
            assertThat(second.result("osc_whatever").notes())
                    .anySatisfy(note -> assertThat(note).contains("on_schema_change 'whatever' is not one of"))
                    .anySatisfy(note -> assertThat(note)
                            .contains("on_schema_change 'ignore': the model's new columns \"added\" were not loaded"));
            assertThat(rows(session, "select id || ':' || gone || ':' || amount from osc_whatever order by id"))
                    .containsExactly("1:x:10", "2:x:10");
        }
    }
}
