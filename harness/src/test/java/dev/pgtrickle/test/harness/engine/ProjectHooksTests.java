package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.materialize.HookResult;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on-run-start}/{@code on-run-end} and hooks outside the model's transaction, as dbt runs them, in small
 * projects on a real database: through a {@link ProjectBuild} and around each of the session's own verbs
 * ({@code seed()}, {@code run()}, {@code fullRefresh()}, {@code test()}, {@code build()}), as the dbt command each
 * stands for.
 */
@DisplayName("hooks: on-run-start, on-run-end, transaction: false")
class ProjectHooksTests {

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

    private static List<String> rows(ProjectSession session, String sql) throws SQLException {
        return QueryRows.rows(session, sql);
    }

    private static ModelRunResult result(RunResults run, String model) {
        return run.results().stream()
                .filter(each -> each.model().equals(model))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName("on-run-start runs before the seeds and models; on-run-end after them, with results and schemas")
    void onRunStartAndOnRunEnd() throws IOException, SQLException {
        write(
                "dbt_project.yml",
                """
                name: p
                on-run-start: "create table public.audit (step text, n int)"
                on-run-end:
                  - "insert into public.audit select 'results', {{ results | length }}"
                  - "insert into public.audit select 'schemas {{ schemas | join(',') }}', {{ database_schemas | length }}"
                  - "{% for r in results %}insert into public.audit values ('{{ r.node.name }} {{ r.status }}{{ ' ' ~ r.message if r.node.name == 'm' }}', 0);{% endfor %}"
                """);
        write("seeds/s.csv", "id\n1\n2\n");
        // Reads the table on-run-start created: it ran first.
        write(
                "models/m.sql",
                "{{ config(materialized='table') }}select count(*) as n from public.audit, {{ ref('s') }}\n");
        write("models/bad.sql", "{{ config(materialized='table') }}select * from no_such_table\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            List<NodeOutcome> outcomes = new ArrayList<>();
            ProjectBuild build = new ProjectBuild(session, outcomes::add);
            RunResults run = build.build(EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.CONTINUE)
                    .orElseThrow();
            assertThat(run.results())
                    .extracting(ModelRunResult::model, ModelRunResult::action)
                    .contains(org.assertj.core.groups.Tuple.tuple("m", RunAction.CREATED));
            build.finish();

            assertThat(outcomes)
                    .extracting(NodeOutcome::type, NodeOutcome::name, NodeOutcome::status)
                    .startsWith(
                            org.assertj.core.groups.Tuple.tuple("operation", "p-on-run-start-0", NodeOutcome.Status.OK))
                    .endsWith(
                            org.assertj.core.groups.Tuple.tuple("operation", "p-on-run-end-0", NodeOutcome.Status.OK),
                            org.assertj.core.groups.Tuple.tuple("operation", "p-on-run-end-1", NodeOutcome.Status.OK),
                            org.assertj.core.groups.Tuple.tuple("operation", "p-on-run-end-2", NodeOutcome.Status.OK));
            assertThat(ProjectBuild.uniqueId(session.compiledProject(), outcomes.get(0)))
                    .contains("operation.p.p-on-run-start-0");
            assertThat(build.failedHooks()).isEmpty();
            // The seed, the model built and the one that failed; only what succeeded names a schema.
            assertThat(rows(session, "select step, n from public.audit order by step"))
                    .containsExactly(
                            "bad error|0", "m success SELECT 1|0", "results|3", "s success|0", "schemas public|1");
        }
    }

    @Test
    @DisplayName(
            "a failing on-run-start hook fails build(), run() and seed() naming the hook and its file; the rest still runs,"
                    + " as in dbt")
    void failingOnRunStartHook() throws IOException, SQLException {
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
            assertThatThrownBy(session::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the build of project 'p' ran, but on-run-start hook on-run-start[0] of "
                            + dir.resolve("dbt_project.yml"))
                    .hasMessageContaining("relation \"public.missing\" does not exist")
                    .hasMessageContaining("insert into public.missing values (1)");
            // dbt (without --skip-nodes-if-on-run-start-fails) builds the nodes and runs on-run-end anyway; the
            // second start hook is skipped.
            assertThat(rows(session, "select x from public.m")).containsExactly("1");
            assertThat(rows(session, "select x from public.ended")).containsExactly("1");
            assertThat(rows(session, "select to_regclass('public.never') is null"))
                    .containsExactly("t");

            // The same through the single verbs: each fails after its nodes and on-run-end ran.
            assertThatThrownBy(session::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the run of project 'p' ran, but on-run-start hook on-run-start[0]");
            assertThat(session.lastRunResults().orElseThrow().hooks())
                    .extracting(HookResult::name, HookResult::status)
                    .containsExactly(
                            tuple("p-on-run-start-0", HookResult.Status.ERROR),
                            tuple("p-on-run-start-1", HookResult.Status.SKIPPED),
                            tuple("p-on-run-end-0", HookResult.Status.SUCCESS));
            assertThat(session.lastRunResults().orElseThrow().result("m").failed())
                    .isFalse();
            assertThatThrownBy(session::seed)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the seed of project 'p' ran, but on-run-start hook on-run-start[0]");
            assertThat(rows(session, "select id from public.s")).containsExactly("1");
        }
    }

    @Test
    @DisplayName(
            "hooks with transaction: false run outside the model's transaction, the others inside it, in dbt's order")
    void hooksInsideAndOutsideTheTransaction() throws IOException, SQLException {
        write(
                "dbt_project.yml",
                """
                name: p
                on-run-start: "create table public.log (seq serial, step text, tx bigint)"
                models:
                  p:
                    +post-hook:
                      - sql: "vacuum {{ this }}"
                        transaction: false
                seeds:
                  p:
                    +post-hook: {sql: "vacuum {{ this }}", transaction: false}
                """);
        write("seeds/s.csv", "id\n1\n");
        write(
                "models/m.sql",
                """
                {{ config(materialized='table',
                    pre_hook=[before_begin("insert into public.log (step, tx) values ('before', txid_current())"),
                              "insert into public.log (step, tx) values ('pre', txid_current())"],
                    post_hook=["insert into public.log (step, tx) values ('post', txid_current())",
                               after_commit("insert into public.log (step, tx) values ('after', txid_current())")]) }}
                select id from {{ ref('s') }}
                """);
        // An inside post-hook that fails undoes the model with it; the outside pre-hook stays done.
        write(
                "models/undone.sql",
                """
                {{ config(materialized='table',
                    pre_hook={"sql": "insert into public.log (step, tx) values ('undone before', 0)", "transaction": false},
                    post_hook="insert into public.missing values (1)") }}
                select 1 as x
                """);

        try (ProjectSession session = ProjectSession.open(options())) {
            RunResults run = session.buildAllowingFailures();
            ModelRunResult m = result(run, "m");
            assertThat(m.failed()).as("%s", m.errorMessage()).isFalse();
            // VACUUM, which PostgreSQL refuses inside a transaction, ran after the commit.
            // (The project's post-hook comes before the model's own, as dbt appends config layers.)
            assertThat(m.statements())
                    .containsSubsequence(
                            "insert into public.log (step, tx) values ('post', txid_current())",
                            "vacuum \"public\".\"m\"");
            List<String> log =
                    rows(session, "select step, tx from public.log where step <> 'undone before' order by seq");
            assertThat(log).extracting(row -> row.split("\\|")[0]).containsExactly("before", "pre", "post", "after");
            List<String> tx = log.stream().map(row -> row.split("\\|")[1]).toList();
            assertThat(tx.get(1))
                    .as("pre and post share the model's transaction")
                    .isEqualTo(tx.get(2));
            assertThat(tx.get(0)).isNotEqualTo(tx.get(1));
            assertThat(tx.get(3)).isNotEqualTo(tx.get(2));

            ModelRunResult undone = result(run, "undone");
            assertThat(undone.failed()).isTrue();
            assertThat(rows(session, "select to_regclass('public.undone') is null"))
                    .containsExactly("t");
            assertThat(rows(session, "select count(*) from public.log where step = 'undone before'"))
                    .containsExactly("1");
        }
    }

    @Test
    @DisplayName(
            "a stream_table model's transaction: false hooks do not run, as with dbt-pgtrickle, and a note says so")
    void streamTableRunsOnlyHooksInsideTheTransaction() throws IOException, SQLException {
        write(
                "dbt_project.yml",
                """
                name: p
                on-run-start: "create table public.log (step text)"
                """);
        write("seeds/s.csv", "id\n1\n");
        write(
                "models/st.sql",
                """
                {{ config(materialized='stream_table', schedule='1m', refresh_mode='FULL',
                    post_hook=["insert into public.log values ('inside')",
                               after_commit("insert into public.log values ('outside')")]) }}
                select id from {{ ref('s') }}
                """);
        try (ProjectSession session = ProjectSession.open(options())) {
            ModelRunResult st = session.build().results().get(0);
            assertThat(st.notes()).anySatisfy(note -> assertThat(note)
                    .contains("transaction: false not run")
                    .contains("insert into public.log values ('outside')"));
            assertThat(rows(session, "select step from public.log")).containsExactly("inside");
        }
    }

    @Test
    @DisplayName(
            "installed packages' on-run-start hooks run before the project's, packages by name, as dbt orders them")
    void packageHooksRunFirstInDbtsOrder() throws IOException, SQLException {
        write("dbt_project.yml", "name: p\non-run-start: \"insert into public.seq (who) values ('p')\"\n");
        write(
                "dbt_packages/zeta/dbt_project.yml",
                "name: zeta\non-run-start: \"insert into public.seq (who) values ('zeta')\"\n");
        write(
                "dbt_packages/alpha/dbt_project.yml",
                """
                name: alpha
                on-run-start:
                  - "create table public.seq (n serial, who text)"
                  - "insert into public.seq (who) values ('alpha')"
                """);
        write("models/m.sql", "select 1 as x\n");

        try (ProjectSession session = ProjectSession.open(options())) {
            List<NodeOutcome> outcomes = new ArrayList<>();
            new ProjectBuild(session, outcomes::add)
                    .build(EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.CONTINUE);
            assertThat(outcomes)
                    .filteredOn(outcome -> outcome.type().equals("operation"))
                    .extracting(NodeOutcome::name)
                    .containsExactly(
                            "alpha-on-run-start-0", "alpha-on-run-start-1", "zeta-on-run-start-0", "p-on-run-start-0");
            assertThat(rows(session, "select who from public.seq order by n")).containsExactly("alpha", "zeta", "p");
        }
    }

    private static List<String> audit(ProjectSession session) throws SQLException {
        return QueryRows.rows(session, "select step, coalesce(results::text, '-') from public.audit order by n");
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
            assertThat(rows(session, "select to_regclass('public.audit') is null"))
                    .containsExactly("t");

            session.run();
            assertThat(audit(session)).containsExactly("start|-", "end|1");
        }
    }
}
