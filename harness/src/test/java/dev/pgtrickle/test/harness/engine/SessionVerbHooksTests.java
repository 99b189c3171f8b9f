package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.materialize.HookResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's own verbs ({@code seed()}, {@code run()}, {@code fullRefresh()}, {@code test()}, {@code build()}) run
 * the project's {@code on-run-start} and {@code on-run-end} hooks as the dbt command each stands for does, checked on
 * a real database.
 */
@DisplayName("on-run-start/on-run-end hooks around each of the session's verbs")
class SessionVerbHooksTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    /** on-run-start creates the table (again harmlessly) and notes the start; on-run-end counts dbt's results. */
    private static final String HOOKS =
            """
            on-run-start:
              - "create table if not exists public.audit (n serial, step text, results int)"
              - "insert into public.audit (step) values ('start')"
            on-run-end: "insert into public.audit (step, results) values ('end', {{ results | length }})"
            """;

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

    private static List<String> audit(ProjectSession session) throws SQLException {
        return QueryRows.rows(session, "select step, coalesce(results::text, '-') from public.audit order by n");
    }

    private static boolean exists(ProjectSession session, String table) throws SQLException {
        return QueryRows.rows(session, "select to_regclass('%s') is not null".formatted(table))
                .equals(List.of("t"));
    }

    @Test
    @DisplayName("seed(), run(), fullRefresh(), test() and build() each run on-run-start first and on-run-end last")
    void everyVerbRunsTheHooks() throws IOException, SQLException {
        write("dbt_project.yml", "name: p\n" + HOOKS);
        write("seeds/s.csv", "id\n1\n2\n");
        // Reads the table on-run-start created: the hooks ran before the model.
        write("models/m.sql", "{{ config(materialized='table') }}select count(*) as n from public.audit\n");
        write("tests/m_is_counted.sql", "select * from {{ ref('m') }} where n < 1\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            session.seed();
            assertThat(audit(session)).containsExactly("start|-", "end|1");

            RunResults run = session.run();
            assertThat(run.hooks())
                    .extracting(HookResult::name, HookResult::status)
                    .containsExactly(
                            tuple("p-on-run-start-0", HookResult.Status.SUCCESS),
                            tuple("p-on-run-start-1", HookResult.Status.SUCCESS),
                            tuple("p-on-run-end-0", HookResult.Status.SUCCESS));
            assertThat(session.lastRunResults()).containsSame(run);
            assertThat(QueryRows.rows(session, "select n from public.m")).containsExactly("3");

            session.fullRefresh();
            DbtTestResults tests = session.test();
            assertThat(tests.hasFailures()).as("%s", tests).isFalse();
            assertThat(audit(session))
                    .containsExactly("start|-", "end|1", "start|-", "end|1", "start|-", "end|1", "start|-", "end|1");

            // build(): one on-run-start and one on-run-end around the seed and the model, not one per step.
            assertThat(session.build().hooks()).hasSize(3);
            assertThat(audit(session)).hasSize(10).endsWith("start|-", "end|2");
        }
    }

    @Test
    @DisplayName("a verb with nothing to do runs no hook, as dbt's 'Nothing to do'")
    void nothingToDoRunsNoHook() throws IOException, SQLException {
        write("dbt_project.yml", "name: p\n" + HOOKS);
        write("models/m.sql", "{{ config(materialized='table') }}select 1 as x\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            assertThat(session.seed()).isEmpty();
            assertThat(session.test().results()).isEmpty();
            assertThat(exists(session, "public.audit")).isFalse();

            session.run();
            assertThat(audit(session)).containsExactly("start|-", "end|1");
        }
    }

    @Test
    @DisplayName(
            "a failing on-run-start hook fails run() naming the hook; the models and on-run-end still run, as in dbt")
    void failingHookFailsTheVerb() throws IOException, SQLException {
        write(
                "dbt_project.yml",
                """
                name: p
                on-run-start:
                  - "insert into public.missing values (1)"
                  - "create table public.never (x int)"
                on-run-end: "create table if not exists public.ended as select 1 as x"
                """);
        write("seeds/s.csv", "id\n1\n");
        write("models/m.sql", "{{ config(materialized='table') }}select 1 as x\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            assertThatThrownBy(session::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the run of project 'p' ran, but on-run-start hook on-run-start[0] of "
                            + dir.resolve("dbt_project.yml"))
                    .hasMessageContaining("relation \"public.missing\" does not exist");
            assertThat(session.lastRunResults().orElseThrow().hooks())
                    .extracting(HookResult::name, HookResult::status)
                    .containsExactly(
                            tuple("p-on-run-start-0", HookResult.Status.ERROR),
                            tuple("p-on-run-start-1", HookResult.Status.SKIPPED),
                            tuple("p-on-run-end-0", HookResult.Status.SUCCESS));
            assertThat(exists(session, "public.m")).isTrue();
            assertThat(exists(session, "public.ended")).isTrue();
            assertThat(exists(session, "public.never")).isFalse();

            assertThatThrownBy(session::seed)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the seed of project 'p' ran, but on-run-start hook on-run-start[0]");
            assertThat(QueryRows.rows(session, "select id from public.s")).containsExactly("1");
        }
    }
}
