package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.seed.SeedAction;
import dev.pgtrickle.test.harness.seed.SeedException;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ExternalConnection;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project run in an external database marked disposable that already holds tables under the project's names: the
 * harness refuses to touch them (each node fails naming the table and the database) and they survive as they were;
 * once the user clears the names, runs work, and a second run reuses what the first created. The embedded server
 * plays the external one, with a role that may not create databases.
 */
@DisplayName("external disposable database: relations the harness did not create are never dropped")
class DisposableDatabaseGuardTests {

    private static final String SUFFIX = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String OWNER = "guard_plain_" + SUFFIX;
    private static final String DATABASE = "guard_disposable_" + SUFFIX;

    private static PostgresServer embedded;

    @TempDir
    Path project;

    @BeforeAll
    static void createRoleAndDatabase() throws SQLException {
        embedded = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        admin("postgres", "CREATE ROLE " + OWNER + " LOGIN PASSWORD 'pw'");
        admin("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
    }

    @AfterAll
    static void dropRoleAndDatabase() throws SQLException {
        admin("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        admin("postgres", "DROP ROLE IF EXISTS " + OWNER);
    }

    private static void admin(String database, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(embedded.jdbcUrl(database), embedded.user(), embedded.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(embedded.jdbcUrl(DATABASE), embedded.user(), embedded.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private SessionOptions options() {
        int port = URI.create(embedded.jdbcUrl("postgres").substring("jdbc:".length()))
                .getPort();
        ExternalConnection external = new ExternalConnection("127.0.0.1", port, OWNER, "pw", DATABASE, true);
        ServerSettings settings =
                new ServerSettings(BackendKind.EXTERNAL, ServerSettings.DEFAULT_IMAGE, false, Optional.of(external));
        return SessionOptions.builder(project).server(settings).env(Map.of()).build();
    }

    private void writeProject() {
        ProjectCopy.write(
                project,
                "dbt_project.yml",
                """
                name: 'guarded'
                version: '0.1.0'
                config-version: 2
                profile: 'guarded'
                """);
        ProjectCopy.write(
                project,
                "profiles.yml",
                """
                guarded:
                  target: default
                  outputs:
                    default:
                      type: postgres
                      host: localhost
                      user: postgres
                      password: postgres
                      dbname: postgres
                      schema: public
                """);
        ProjectCopy.write(project, "seeds/raw_orders.csv", "id,amount\n1,10\n2,20\n");
        ProjectCopy.write(project, "models/order_summary.sql", "{{ config(materialized='table') }}\nSELECT 1 AS n\n");
        ProjectCopy.write(project, "models/order_view.sql", "{{ config(materialized='view') }}\nSELECT 2 AS n\n");
        ProjectCopy.write(
                project,
                "models/order_incremental.sql",
                """
                {{ config(materialized='incremental', unique_key='id') }}
                SELECT id, amount FROM {{ ref('raw_orders') }}
                {% if is_incremental() %}WHERE id > 0{% endif %}
                """);
        ProjectCopy.write(
                project,
                "models/order_stream.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL') }}
                SELECT id, amount FROM {{ ref('raw_orders') }}
                """);
    }

    @Test
    @DisplayName(
            "user tables named like a seed and like table, view, stream table and incremental models survive untouched")
    void refusesAndKeepsUserTablesThenRunsTwiceOnceTheNamesAreFree() throws SQLException {
        writeProject();
        for (String table :
                new String[] {"raw_orders", "order_summary", "order_view", "order_stream", "order_incremental"}) {
            try (Connection owner = DriverManager.getConnection(embedded.jdbcUrl(DATABASE), OWNER, "pw");
                    Statement statement = owner.createStatement()) {
                statement.execute("CREATE TABLE " + table + " (kept int)");
                statement.execute("INSERT INTO " + table + " VALUES (42)");
            }
        }

        try (ProjectSession session = ProjectSession.open(options())) {
            assertThatThrownBy(session::seed)
                    .isInstanceOf(SeedException.class)
                    .hasMessageContaining("\"public\".\"raw_orders\" already exists in database " + DATABASE
                            + " and pgtrickle-test did not create it")
                    .hasMessageContaining("drop or rename it yourself");
            RunResults results = session.runAllowingFailures();
            for (String model : new String[] {"order_summary", "order_view", "order_stream", "order_incremental"}) {
                assertThat(results.result(model).action()).as(model).isEqualTo(RunAction.ERROR);
                assertThat(results.result(model).errorMessage()).as(model).hasValueSatisfying(message -> assertThat(
                                message)
                        .contains("\"public\".\"%s\" already exists in database %s".formatted(model, DATABASE)));
            }
            RunResults full = session.fullRefreshAllowingFailures();
            assertThat(full.result("order_summary").action()).isEqualTo(RunAction.ERROR);
            assertThat(full.result("order_incremental").action()).isEqualTo(RunAction.ERROR);
        }
        for (String table :
                new String[] {"raw_orders", "order_summary", "order_view", "order_stream", "order_incremental"}) {
            assertThat(query("SELECT string_agg(kept::text, ',') FROM public." + table))
                    .as(table)
                    .isEqualTo("42");
        }

        for (String table :
                new String[] {"raw_orders", "order_summary", "order_view", "order_stream", "order_incremental"}) {
            admin(DATABASE, "DROP TABLE public." + table);
        }
        try (ProjectSession first = ProjectSession.open(options())) {
            assertThat(first.seed()).extracting(seed -> seed.action()).containsExactly(SeedAction.CREATED);
            assertThat(first.run().hasFailures()).isFalse();
        }
        try (ProjectSession second = ProjectSession.open(options())) {
            assertThat(second.seed()).extracting(seed -> seed.action()).containsExactly(SeedAction.RELOADED);
            RunResults again = second.run();
            assertThat(again.hasFailures()).as(again.toString()).isFalse();
            assertThat(again.result("order_summary").action()).isEqualTo(RunAction.RECREATED);
            // A later run adds to the incremental table the first run created.
            assertThat(again.result("order_incremental").action()).isEqualTo(RunAction.REPLACED);
            assertThat(again.result("order_incremental").compiledSql()).contains("WHERE id > 0");
            assertThat(second.seed(true)).extracting(seed -> seed.action()).containsExactly(SeedAction.RECREATED);
            RunResults full = second.fullRefresh();
            assertThat(full.hasFailures()).as(full.toString()).isFalse();
        }
        assertThat(query("SELECT count(*) FROM pgtrickle_test_ledger.created_relations"))
                .isEqualTo("5");
    }

    @Test
    @DisplayName("a snapshot refuses to write into a table of its name the harness did not create; it records its own")
    void snapshotTablesAreGuardedAndRecorded() throws SQLException {
        ProjectCopy.write(project, "dbt_project.yml", "name: 'guarded_snapshots'\n");
        ProjectCopy.write(project, "seeds/snap_source.csv", "id,name\n1,a\n");
        ProjectCopy.write(
                project,
                "snapshots/snap_history.sql",
                "{% snapshot snap_history %}{{ config(unique_key='id', strategy='check', check_cols='all') }}"
                        + "select * from {{ ref('snap_source') }}{% endsnapshot %}");
        try (Connection owner = DriverManager.getConnection(embedded.jdbcUrl(DATABASE), OWNER, "pw");
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE snap_history (id int, name text, dbt_scd_id text,"
                    + " dbt_updated_at timestamp, dbt_valid_from timestamp, dbt_valid_to timestamp)");
            statement.execute("INSERT INTO snap_history (id) VALUES (42)");
        }
        try {
            try (ProjectSession session = ProjectSession.open(options())) {
                RunResults refused = session.buildAllowingFailures();
                assertThat(refused.result("snap_history").errorMessage())
                        .hasValueSatisfying(message -> assertThat(message)
                                .contains("\"public\".\"snap_history\" already exists in database " + DATABASE));
            }
            assertThat(query("SELECT string_agg(id::text, ',') FROM public.snap_history"))
                    .isEqualTo("42");

            admin(DATABASE, "DROP TABLE public.snap_history");
            try (ProjectSession first = ProjectSession.open(options())) {
                assertThat(first.build().result("snap_history").action()).isEqualTo(RunAction.CREATED);
            }
            assertThat(query("SELECT kind FROM pgtrickle_test_ledger.created_relations"
                            + " WHERE relation_name = 'snap_history'"))
                    .isEqualTo("snapshot");
            ProjectCopy.write(project, "seeds/snap_source.csv", "id,name\n1,b\n");
            try (ProjectSession second = ProjectSession.open(options())) {
                assertThat(second.build().result("snap_history").action()).isEqualTo(RunAction.REPLACED);
            }
            assertThat(query("SELECT string_agg(name, ',' ORDER BY dbt_valid_from) FROM public.snap_history"))
                    .isEqualTo("a,b");
        } finally {
            // Leave the shared database as the other test expects it.
            admin(DATABASE, "DROP TABLE IF EXISTS public.snap_history, public.snap_source");
            admin(
                    DATABASE,
                    "DELETE FROM pgtrickle_test_ledger.created_relations WHERE relation_name IN"
                            + " ('snap_history', 'snap_source')");
        }
    }
}
