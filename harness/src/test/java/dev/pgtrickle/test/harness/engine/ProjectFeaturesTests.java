package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt features around materialization through the facade: schemas, aliases, ephemeral models, hooks, seeds. */
@DisplayName("project features")
class ProjectFeaturesTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    private static String single(ProjectSession session, String sql) throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    @DisplayName("custom schema, alias, ephemeral CTE, model hooks and seed hooks with {{ this }}")
    void features(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(
                project,
                "seeds/properties.yml",
                """
                version: 2
                seeds:
                  - name: raw_orders
                    config:
                      post_hook: "ALTER TABLE {{ this }} ADD PRIMARY KEY (id)"
                """);
        ProjectCopy.write(
                project,
                "models/staging/big_orders.sql",
                """
                {{ config(materialized='ephemeral') }}
                SELECT * FROM {{ ref('raw_orders') }} WHERE amount > 40
                """);
        ProjectCopy.write(
                project,
                "models/staging/big_order_customers.sql",
                """
                {{ config(materialized='table', schema='staging', alias='big_customers',
                          post_hook="COMMENT ON TABLE {{ this }} IS 'built by pgtrickle-test'") }}
                SELECT DISTINCT customer_id FROM {{ ref('big_orders') }}
                """);
        ProjectCopy.write(
                project,
                "models/marts/big_order_totals.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL', schema='marts') }}
                SELECT customer_id, count(*) AS n FROM {{ ref('big_orders') }} GROUP BY customer_id
                """);
        try (ProjectSession session = ProjectSession.open(
                SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build())) {
            session.seed();
            assertThat(single(
                            session,
                            "SELECT count(*) FROM pg_index WHERE indrelid = 'public.raw_orders'::regclass"
                                    + " AND indisprimary"))
                    .isEqualTo("1");

            RunResults results = session.run();
            assertThat(results.hasFailures()).isFalse();
            assertThat(results.result("big_orders").action()).isEqualTo(RunAction.SKIPPED);
            assertThat(results.result("big_order_customers").relation())
                    .isEqualTo(new Relation("public_staging", "big_customers"));
            assertThat(single(session, "SELECT obj_description('public_staging.big_customers'::regclass)"))
                    .isEqualTo("built by pgtrickle-test");
            assertThat(results.result("big_order_totals").relation())
                    .isEqualTo(new Relation("public_marts", "big_order_totals"));
            assertThat(results.result("big_order_totals").compiledSql()).contains("__dbt__cte__big_orders");
            assertThat(single(session, "SELECT count(*) FROM public_marts.big_order_totals"))
                    .isEqualTo(single(session, "SELECT count(DISTINCT customer_id) FROM raw_orders WHERE amount > 40"));
            assertThat(session.streamTable("big_order_totals").qualifiedName())
                    .isEqualTo("public_marts.big_order_totals");
            assertThat(session.run().result("big_order_totals").action()).isEqualTo(RunAction.UNCHANGED);
        }
    }

    @Test
    @DisplayName("stream_table_name and stream_table_schema name the stream table; refresh and await use them")
    void streamTableNameAndSchema(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(
                project,
                "models/marts/order_totals.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='DIFFERENTIAL',
                          stream_table_name='totals_by_customer', stream_table_schema='reporting') }}
                SELECT customer_id, SUM(amount) AS total_amount FROM {{ ref('raw_orders') }} GROUP BY customer_id
                """);
        try (ProjectSession session = ProjectSession.open(
                SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build())) {
            session.seed();
            assertThat(session.run().result("order_totals").relation())
                    .isEqualTo(new Relation("reporting", "totals_by_customer"));
            assertThat(session.awaitPopulated()).singleElement().satisfies(state -> assertThat(state.qualifiedName())
                    .isEqualTo("reporting.totals_by_customer"));
            assertThat(session.operations().refresh("order_totals"))
                    .isEqualTo(new Relation("reporting", "totals_by_customer"));
            assertThat(single(session, "SELECT count(*) FROM reporting.totals_by_customer"))
                    .isEqualTo("4");
        }
    }

    @Test
    @DisplayName("schedule=none in config() and schedule: null in YAML are CALCULATED")
    void calculatedSchedule(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(
                project,
                "models/marts/order_totals.sql",
                """
                {{ config(materialized='stream_table', schedule=none, refresh_mode='DIFFERENTIAL') }}
                SELECT customer_id, SUM(amount) AS total_amount FROM {{ ref('raw_orders') }} GROUP BY customer_id
                """);
        ProjectCopy.write(
                project,
                "models/marts/order_counts.sql",
                """
                SELECT customer_id, count(*) AS n FROM {{ ref('raw_orders') }} GROUP BY customer_id
                """);
        ProjectCopy.write(
                project,
                "models/marts/counts.yml",
                """
                version: 2
                models:
                  - name: order_counts
                    config:
                      schedule: null
                """);
        try (ProjectSession session = ProjectSession.open(
                SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build())) {
            session.seed();
            RunResults results = session.run();
            assertThat(results.result("order_totals").statements().get(0)).contains("schedule => 'calculated'");
            assertThat(results.result("order_counts").statements().get(0)).contains("schedule => 'calculated'");
            assertThat(single(session, "SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE schedule IS NULL"))
                    .isEqualTo("2");
            assertThat(session.run().results())
                    .extracting(result -> result.action())
                    .containsOnly(RunAction.UNCHANGED);
        }
    }

    @Test
    @DisplayName(
            "seed column names are quoted by default (dbt's quote_columns default on PostgreSQL); false folds them")
    void seedColumnsQuotedByDefault(@TempDir Path temp) throws SQLException {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(project, "seeds/regions.csv", "Region Id,RegionName\n1,north\n");
        ProjectCopy.write(project, "seeds/folded.csv", "RegionName\nsouth\n");
        ProjectCopy.write(
                project,
                "seeds/properties.yml",
                """
                version: 2
                seeds:
                  - name: folded
                    config:
                      quote_columns: false
                """);
        try (ProjectSession session = ProjectSession.open(
                SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build())) {
            session.seed();
            assertThat(single(session, "SELECT \"RegionName\" || ':' || \"Region Id\" FROM public.regions"))
                    .isEqualTo("north:1");
            assertThat(single(session, "SELECT regionname FROM public.folded")).isEqualTo("south");
        }
    }

    @Test
    @DisplayName("unusable seed settings name the seed, its file and the fix")
    void badSeedSettings(@TempDir Path temp) {
        Path project = ProjectCopy.of(ProjectCopy.ORDER_TOTALS, temp.resolve("order_totals"));
        ProjectCopy.write(
                project,
                "seeds/properties.yml",
                """
                version: 2
                seeds:
                  - name: raw_orders
                    config:
                      delimiter: ";;"
                """);
        try (ProjectSession session = ProjectSession.open(
                SessionOptions.builder(project).server(EMBEDDED).env(Map.of()).build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(session::seed)
                    .isInstanceOf(dev.pgtrickle.test.harness.project.ProjectException.class)
                    .hasMessageEndingWith(
                            "raw_orders.csv: seed 'raw_orders': delimiter must be one character, found" + " ';;'");
            ProjectCopy.write(
                    project,
                    "seeds/properties.yml",
                    """
                    version: 2
                    seeds:
                      - name: raw_orders
                        config:
                          column_types: [integer]
                    """);
            org.assertj.core.api.Assertions.assertThatThrownBy(session::seed)
                    .hasMessageEndingWith("raw_orders.csv: seed 'raw_orders': column_types must be a mapping of"
                            + " column name to type, found [integer]");
        }
    }
}
