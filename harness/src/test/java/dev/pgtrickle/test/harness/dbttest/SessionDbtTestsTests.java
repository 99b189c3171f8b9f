package dev.pgtrickle.test.harness.dbttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("dbt tests through a project session (project renderer, stream tables)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionDbtTestsTests {

    private Path project;

    private ProjectSession session;

    @BeforeAll
    void openAndBuild(@TempDir Path folder) throws IOException {
        project = folder;
        write(
                "dbt_project.yml",
                """
                name: shop
                profile: shop
                macro-paths: ["macros"]
                models:
                  shop:
                    +materialized: stream_table
                """);
        write("seeds/orders.csv", "id,customer_id,amount\n1,100,10.00\n2,100,5.00\n3,101,7.50\n");
        write(
                "models/totals.sql",
                """
                {{ config(schedule='1m', refresh_mode='DIFFERENTIAL') }}
                select customer_id, sum(amount) as total, count(*) as n
                from {{ ref('orders') }}
                group by customer_id
                """);
        write(
                "models/schema.yml",
                """
                version: 2
                models:
                  - name: totals
                    tests:
                      - dbt_pgtrickle.stream_table_healthy:
                          warn_seconds: 600
                    columns:
                      - name: total
                        tests:
                          - at_least:
                              minimum: 6
                      - name: n
                        tests:
                          - accepted_values:
                              values: [1]
                              quote: false
                              config:
                                severity: warn
                """);
        write(
                "macros/at_least.sql",
                """
                {% test at_least(model, column_name, minimum=0) %}
                select * from {{ model }} where {{ column_name }} < {{ minimum }}
                {% endtest %}
                """);
        write(
                "tests/assert_totals_match.sql",
                """
                select o.customer_id
                from {{ ref('orders') }} o
                group by o.customer_id
                having sum(o.amount) <> (select t.total from {{ ref('totals') }} t where t.customer_id = o.customer_id)
                """);
        // A 10-minute tick: the scheduler leaves the table alone while a test moves its last refresh back, and the
        // overdue margin (two ticks) is 20 minutes.
        session = ProjectSession.open(SessionOptions.builder(project)
                .server(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED))
                .schedulerTick(Duration.ofMinutes(10))
                .build());
        session.seed();
        assertThat(session.run().hasFailures()).isFalse();
    }

    @AfterAll
    void close() {
        session.close();
    }

    private void write(String path, String content) throws IOException {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    @DisplayName("session.test() runs built-in, custom (from a macro file) and singular tests with their outcomes")
    void outcomes() {
        DbtTestResults results = session.test();

        assertThat(results.results())
                .extracting(DbtTestResult::name, DbtTestResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stream_table_healthy totals", DbtTestStatus.PASS),
                        org.assertj.core.groups.Tuple.tuple("at_least totals.total", DbtTestStatus.PASS),
                        org.assertj.core.groups.Tuple.tuple("accepted_values totals.n", DbtTestStatus.WARN),
                        org.assertj.core.groups.Tuple.tuple("assert_totals_match", DbtTestStatus.PASS));
        assertThat(results.result("at_least totals.total").compiledSql())
                .isEqualTo("select * from \"public\".\"totals\" where total < 6");
        assertThat(results.hasFailures()).isFalse();
    }

    @Test
    @DisplayName("stream_table_healthy fails a SUSPENDED stream table (the package checked PAUSED, which never occurs)")
    void suspendedIsUnhealthy() throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement()) {
            statement.execute("select pgtrickle.alter_stream_table('public.totals', status => 'SUSPENDED')");
            try {
                DbtTestResult result = session.test().result("stream_table_healthy totals");

                assertThat(result.status()).isEqualTo(DbtTestStatus.FAIL);
                assertThat(result.failingRows().columns())
                        .containsExactly(
                                "pgt_schema", "pgt_name", "status", "consecutive_errors", "staleness", "overdue");
                assertThat(result.failingRows().rows())
                        .extracting(row -> row.subList(0, 3))
                        .containsExactly(List.of("public", "totals", "SUSPENDED"));
            } finally {
                statement.execute("select pgtrickle.alter_stream_table('public.totals', status => 'ACTIVE')");
            }
        }
    }

    @Test
    @DisplayName(
            "stream_table_healthy judges lateness by the schedule plus two scheduler intervals, not the stale flag")
    void lateWithinTheSchedulersMarginIsHealthy() throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement()) {
            try {
                // Due for 30 s on a 1m schedule: pg_trickle's stale flag is true, but the scheduler has 20 minutes.
                statement.execute(
                        "update pgtrickle.pgt_stream_tables set last_refresh_at = now() - interval '90 seconds'"
                                + " where pgt_name = 'totals'");
                assertThat(session.streamTable("totals").state().stale()).contains(true);

                assertThat(session.test().result("stream_table_healthy totals").status())
                        .isEqualTo(DbtTestStatus.PASS);

                statement.execute(
                        "update pgtrickle.pgt_stream_tables set last_refresh_at = now() - interval '25 minutes'"
                                + " where pgt_name = 'totals'");
                DbtTestResult late = session.test().result("stream_table_healthy totals");
                assertThat(late.status()).isEqualTo(DbtTestStatus.FAIL);
                assertThat(late.failingRows().rows())
                        .extracting(row -> row.get(row.size() - 1))
                        .containsExactly("t");
            } finally {
                statement.execute(
                        "update pgtrickle.pgt_stream_tables set last_refresh_at = now() where pgt_name = 'totals'");
            }
        }
    }
}
