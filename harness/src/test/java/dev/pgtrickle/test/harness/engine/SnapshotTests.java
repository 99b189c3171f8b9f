package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestStatus;
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
 * dbt snapshots built as dbt-postgres builds them, run twice in one database with the seed changed in between: the
 * rows and their validity columns after each run, for both strategies and every way of treating deleted rows.
 */
@DisplayName("snapshots: timestamp and check strategies, hard deletes, meta column names")
class SnapshotTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    @TempDir
    Path dir;

    private SessionOptions options() {
        return SessionOptions.builder(dir).server(EMBEDDED).env(Map.of()).build();
    }

    private static List<String> rows(ProjectSession session, String sql) throws SQLException {
        return QueryRows.rows(session, sql);
    }

    @Test
    @DisplayName(
            "timestamp: a changed row closes its version at the new updated_at; models ref the snapshot; its tests run")
    void timestampStrategy() throws SQLException {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\nsnapshot-paths: [snaps]\n");
        ProjectCopy.write(
                dir,
                "seeds/orders.csv",
                "id,status,updated_at\n1,placed,2024-01-01 10:00:00\n2,placed,2024-01-01 11:00:00\n");
        ProjectCopy.write(
                dir,
                "snaps/orders.sql",
                """
                {% snapshot orders_snapshot %}
                {{ config(target_schema='history', unique_key='id', strategy='timestamp', updated_at='updated_at') }}
                select * from {{ ref('orders') }}
                {% endsnapshot %}
                """);
        ProjectCopy.write(
                dir,
                "snaps/orders.yml",
                """
                snapshots:
                  - name: orders_snapshot
                    columns:
                      - name: dbt_scd_id
                        tests: [unique, not_null]
                """);
        ProjectCopy.write(
                dir,
                "models/current_orders.sql",
                "{{ config(materialized='table') }}select id, status from {{ ref('orders_snapshot') }}"
                        + " where dbt_valid_to is null\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults first = session.build();
            assertThat(first.result("orders_snapshot").action()).isEqualTo(RunAction.CREATED);
            assertThat(first.result("orders_snapshot").relation().qualifiedName())
                    .isEqualTo("history.orders_snapshot");
            assertThat(rows(
                            session,
                            "select id, status, dbt_valid_from, dbt_updated_at, dbt_valid_to is null,"
                                    + " dbt_scd_id = md5(id::text || '|' || updated_at::text)"
                                    + " from history.orders_snapshot order by id"))
                    .containsExactly(
                            "1|placed|2024-01-01 10:00:00|2024-01-01 10:00:00|t|t",
                            "2|placed|2024-01-01 11:00:00|2024-01-01 11:00:00|t|t");

            // Order 1 shipped, order 2 is gone (ignored: hard_deletes defaults to ignore), order 3 is new.
            ProjectCopy.write(
                    dir,
                    "seeds/orders.csv",
                    "id,status,updated_at\n1,shipped,2024-01-02 09:00:00\n3,placed,2024-01-02 10:00:00\n");
            RunResults second = session.build();
            assertThat(second.result("orders_snapshot").action()).isEqualTo(RunAction.REPLACED);
            assertThat(rows(
                            session,
                            "select id, status, dbt_valid_from, coalesce(dbt_valid_to::text, 'current')"
                                    + " from history.orders_snapshot order by id, dbt_valid_from"))
                    .containsExactly(
                            "1|placed|2024-01-01 10:00:00|2024-01-02 09:00:00",
                            "1|shipped|2024-01-02 09:00:00|current",
                            "2|placed|2024-01-01 11:00:00|current",
                            "3|placed|2024-01-02 10:00:00|current");
            assertThat(rows(session, "select id, status from public.current_orders order by id"))
                    .containsExactly("1|shipped", "2|placed", "3|placed");
            assertThat(session.test().results())
                    .filteredOn(result -> result.name().contains("orders_snapshot"))
                    .hasSize(2)
                    .extracting(DbtTestResult::status)
                    .containsOnly(DbtTestStatus.PASS);

            // A third run with nothing changed adds nothing.
            session.build();
            assertThat(rows(session, "select count(*) from history.orders_snapshot"))
                    .containsExactly("4");
        }
    }

    @Test
    @DisplayName(
            "check (all columns), a composite key, invalidated deletes, renamed meta columns, dbt_valid_to_current,"
                    + " written in YAML")
    void checkStrategyInYaml() throws SQLException {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\n");
        ProjectCopy.write(dir, "seeds/customers.csv", "region,id,name\neu,1,Ann\neu,2,Bob\nus,1,Cy\n");
        ProjectCopy.write(
                dir,
                "snapshots/customers.yml",
                """
                snapshots:
                  - name: customers_snapshot
                    relation: ref('customers')
                    config:
                      schema: history
                      unique_key: [region, id]
                      strategy: check
                      check_cols: all
                      hard_deletes: invalidate
                      snapshot_meta_column_names: {dbt_valid_from: valid_from, dbt_valid_to: valid_to}
                      dbt_valid_to_current: "'9999-12-31'::timestamp"
                      target_database: analytics
                """);

        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults first = session.build();
            // schema: goes through generate_schema_name as a model's does.
            assertThat(first.result("customers_snapshot").relation().qualifiedName())
                    .isEqualTo("public_history.customers_snapshot");
            assertThat(first.result("customers_snapshot").notes())
                    .containsExactly("target_database 'analytics' is not used: the snapshot is built in the build's"
                            + " database");
            ProjectCopy.write(dir, "seeds/customers.csv", "region,id,name\neu,1,Ann\neu,2,Bobby\n");
            session.build();
            assertThat(rows(
                            session,
                            "select region, id, name, valid_to = '9999-12-31'::timestamp, valid_to > valid_from"
                                    + " from public_history.customers_snapshot order by region, id, valid_from"))
                    .containsExactly("eu|1|Ann|t|t", "eu|2|Bob|f|t", "eu|2|Bobby|t|t", "us|1|Cy|f|t");
            assertThat(rows(
                            session,
                            "select column_name from information_schema.columns where table_schema = 'public_history'"
                                    + " and column_name like '%valid%' order by 1"))
                    .containsExactly("valid_from", "valid_to");
        }
    }

    @Test
    @DisplayName("hard_deletes: new_record adds a deletion record; a new column is added to the table")
    void newRecordForDeletedRows() throws SQLException {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\n");
        ProjectCopy.write(dir, "seeds/items.csv", "id,name\n1,a\n2,b\n");
        ProjectCopy.write(
                dir,
                "snapshots/items.sql",
                """
                {% snapshot items_snapshot %}
                {{ config(unique_key='id', strategy='check', check_cols=['name'], hard_deletes='new_record') }}
                select * from {{ ref('items') }}
                {% endsnapshot %}
                """);

        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            ProjectCopy.write(dir, "seeds/items.csv", "id,name\n1,a\n");
            ProjectCopy.write(
                    dir,
                    "snapshots/items.sql",
                    """
                    {% snapshot items_snapshot %}
                    {{ config(unique_key='id', strategy='check', check_cols=['name'], hard_deletes='new_record') }}
                    select *, null::text as colour from {{ ref('items') }}
                    {% endsnapshot %}
                    """);
            session.build();
            assertThat(rows(
                            session,
                            "select id, name, coalesce(colour, '-'), dbt_is_deleted, dbt_valid_to is null"
                                    + " from public.items_snapshot order by id, dbt_valid_from, dbt_is_deleted"))
                    .containsExactly("1|a|-|False|t", "2|b|-|False|f", "2|b|-|True|t");
        }
    }

    @Test
    @DisplayName("a snapshot with a setting dbt refuses fails alone, naming the setting; what reads it is skipped")
    void badConfigFailsOnlyTheSnapshot() {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\n");
        ProjectCopy.write(dir, "models/base.sql", "select 1 as id\n");
        ProjectCopy.write(
                dir,
                "snapshots/s.sql",
                "{% snapshot s %}{{ config(unique_key='id', strategy='timestamp') }}"
                        + "select * from {{ ref('base') }}{% endsnapshot %}");
        ProjectCopy.write(dir, "models/reads.sql", "select * from {{ ref('s') }}\n");
        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults run = session.buildAllowingFailures();
            assertThat(run.result("base").action()).isEqualTo(RunAction.CREATED);
            assertThat(run.result("s").errorMessage())
                    .hasValueSatisfying(message -> assertThat(message).contains("'timestamp' needs 'updated_at'"));
            assertThat(run.result("reads").action()).isEqualTo(RunAction.SKIPPED);
        }
    }

    @Test
    @DisplayName("build order: what the snapshot reads, the snapshot, what reads it; resource_type:snapshot selects it;"
            + " the table laid out as dbt-postgres lays it out")
    void buildOrderSelectionAndColumnLayout() throws SQLException {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\n");
        ProjectCopy.write(dir, "seeds/orders.csv", "id,status,updated_at\n1,placed,2024-01-01 10:00:00\n");
        ProjectCopy.write(
                dir,
                "models/stg_orders.sql",
                "{{ config(materialized='table') }}select id, status, updated_at from {{ ref('orders') }}\n");
        ProjectCopy.write(
                dir,
                "snapshots/orders_snapshot.sql",
                """
                {% snapshot orders_snapshot %}
                {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
                select * from {{ ref('stg_orders') }}
                {% endsnapshot %}
                """);
        ProjectCopy.write(
                dir, "models/order_history.sql", "select id, dbt_valid_from from {{ ref('orders_snapshot') }}\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults first = session.build();
            assertThat(first.results())
                    .extracting(result -> result.model())
                    .containsSubsequence("stg_orders", "orders_snapshot", "order_history");
            assertThat(session.compiledProject().model("orders_snapshot").uniqueId())
                    .isEqualTo("snapshot.p.orders_snapshot");
            // dbt-postgres: the query's columns, then dbt_scd_id (md5 text), dbt_updated_at, dbt_valid_from and
            // dbt_valid_to, the last three of updated_at's type.
            assertThat(rows(
                            session,
                            "select column_name, data_type from information_schema.columns where table_schema ="
                                    + " 'public' and table_name = 'orders_snapshot' order by ordinal_position"))
                    .containsExactly(
                            "id|integer",
                            "status|text",
                            "updated_at|timestamp without time zone",
                            "dbt_scd_id|text",
                            "dbt_updated_at|timestamp without time zone",
                            "dbt_valid_from|timestamp without time zone",
                            "dbt_valid_to|timestamp without time zone");
            assertThat(rows(
                            session,
                            "select dbt_scd_id = md5(coalesce(cast(id as varchar), '') || '|' ||"
                                    + " coalesce(cast(updated_at as varchar), '')) from public.orders_snapshot"))
                    .containsExactly("t");

            try (var connection = session.connect();
                    var statement = connection.createStatement()) {
                statement.execute("update public.stg_orders set status = 'shipped', updated_at = '2024-01-03'");
            }
            RunResults selected = session.run("resource_type:snapshot");
            assertThat(selected.results())
                    .extracting(result -> result.model() + ":" + result.action())
                    .containsExactly("orders_snapshot:REPLACED");
            assertThat(rows(
                            session,
                            "select status, dbt_valid_from, coalesce(dbt_valid_to::text, 'current')"
                                    + " from public.orders_snapshot order by dbt_valid_from"))
                    .containsExactly(
                            "placed|2024-01-01 10:00:00|2024-01-03 00:00:00", "shipped|2024-01-03 00:00:00|current");
        }
    }

    @Test
    @DisplayName(
            "a snapshot of a stream table records what the stream table holds when it runs: an unchanged stream table"
                    + " is not refreshed by the build (as dbt-pgtrickle), a refresh before the snapshot is")
    void snapshotOfAStreamTable() throws SQLException {
        ProjectCopy.write(dir, "dbt_project.yml", "name: p\n");
        ProjectCopy.write(dir, "seeds/items.csv", "id,name\n1,a\n2,b\n");
        ProjectCopy.write(
                dir,
                "models/live_items.sql",
                "{{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL') }}"
                        + "select id, name from {{ ref('items') }}\n");
        ProjectCopy.write(
                dir,
                "snapshots/items_history.sql",
                """
                {% snapshot items_history %}
                {{ config(unique_key='id', strategy='check', check_cols=['name'], hard_deletes='invalidate') }}
                select * from {{ ref('live_items') }}
                {% endsnapshot %}
                """);

        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            assertThat(rows(session, "select id, name, dbt_valid_to is null from public.items_history order by id"))
                    .containsExactly("1|a|t", "2|b|t");
            ProjectCopy.write(dir, "seeds/items.csv", "id,name\n1,aa\n");
            session.build();
            // The stream table still holds the rows of its last refresh (its schedule is a minute): nothing changed.
            assertThat(rows(session, "select id, name, dbt_valid_to is null from public.items_history order by id"))
                    .containsExactly("1|a|t", "2|b|t");

            session.operations().refresh("live_items");
            session.run("resource_type:snapshot");
            assertThat(rows(
                            session,
                            "select id, name, dbt_valid_to is null from public.items_history"
                                    + " order by id, dbt_valid_from"))
                    .containsExactly("1|a|f", "1|aa|t", "2|b|f");
        }
    }

    @Test
    @DisplayName("an installed package's snapshot: snapshot.<package>.<name>, its own macros, the root project's"
            + " snapshots: <package>: config over its config() call")
    void packageSnapshot() throws SQLException {
        ProjectCopy.write(
                dir,
                "dbt_project.yml",
                """
                name: p
                snapshots:
                  mypkg:
                    +target_schema: pkg_history
                """);
        ProjectCopy.write(dir, "macros/label.sql", "{% macro label() %}'root'{% endmacro %}\n");
        ProjectCopy.write(dir, "dbt_packages/mypkg/dbt_project.yml", "name: mypkg\n");
        ProjectCopy.write(dir, "dbt_packages/mypkg/macros/label.sql", "{% macro label() %}'pkg'{% endmacro %}\n");
        ProjectCopy.write(dir, "dbt_packages/mypkg/seeds/pkg_items.csv", "id,name\n1,a\n");
        ProjectCopy.write(
                dir,
                "dbt_packages/mypkg/snapshots/pkg_items_snapshot.sql",
                """
                {% snapshot pkg_items_snapshot %}
                {{ config(target_schema='own', unique_key='id', strategy='check', check_cols='all') }}
                select *, {{ label() }} as label from {{ ref('pkg_items') }}
                {% endsnapshot %}
                """);

        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults first = session.build();
            assertThat(first.result("pkg_items_snapshot").action()).isEqualTo(RunAction.CREATED);
            assertThat(session.compiledProject().model("pkg_items_snapshot").uniqueId())
                    .isEqualTo("snapshot.mypkg.pkg_items_snapshot");
            assertThat(first.result("pkg_items_snapshot").relation().qualifiedName())
                    .isEqualTo("pkg_history.pkg_items_snapshot");
            ProjectCopy.write(dir, "dbt_packages/mypkg/seeds/pkg_items.csv", "id,name\n1,b\n");
            session.build();
            assertThat(rows(
                            session,
                            "select name, label, dbt_valid_to is null from pkg_history.pkg_items_snapshot"
                                    + " order by dbt_valid_from"))
                    .containsExactly("a|pkg|f", "b|pkg|t");
        }
    }
}
