package dev.pgtrickle.test.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.seed.SeedAction;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ServerSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's {@code full_refresh} config overrides the command's {@code --full-refresh} for that node, as dbt's {@code
 * should_full_refresh()} does, for seeds, incremental models, stream tables and materialized views alike: {@code false} keeps the table
 * (its rows and its oid) through {@code --full-refresh}, {@code true} rebuilds it on a run without the flag, and a node
 * that sets nothing follows the flag.
 */
@DisplayName("the full_refresh config of seeds, incremental models, stream tables and materialized views")
class FullRefreshConfigTests {

    private static final ServerSettings EMBEDDED = ServerSettings.defaults().withBackend(BackendKind.EMBEDDED);

    private static final List<String> TABLES = List.of(
            "kept_seed",
            "rebuilt_seed",
            "kept_inc",
            "rebuilt_inc",
            "kept_st",
            "rebuilt_st",
            "follows_st",
            "kept_mv",
            "rebuilt_mv");

    @TempDir
    Path dir;

    private void write(String relative, String content) {
        ProjectCopy.write(dir, relative, content);
    }

    private void project() {
        write(
                "dbt_project.yml",
                """
                name: fr
                seeds:
                  fr:
                    kept_seed:
                      +full_refresh: false
                    rebuilt_seed:
                      +full_refresh: true
                """);
        write("seeds/kept_seed.csv", "id\n1\n2\n");
        write("seeds/rebuilt_seed.csv", "id\n1\n");
        String incremental = "select id from {{ ref('kept_seed') }}\n";
        write("models/kept_inc.sql", "{{ config(materialized='incremental', full_refresh=false) }}\n" + incremental);
        write("models/rebuilt_inc.sql", "{{ config(materialized='incremental', full_refresh=true) }}\n" + incremental);
        String streamTable = "select id from {{ ref('kept_seed') }}\n";
        write(
                "models/kept_st.sql",
                "{{ config(materialized='stream_table', schedule='1m', full_refresh=false) }}\n" + streamTable);
        write(
                "models/rebuilt_st.sql",
                "{{ config(materialized='stream_table', schedule='1m', full_refresh=true) }}\n" + streamTable);
        write("models/follows_st.sql", "{{ config(materialized='stream_table', schedule='1m') }}\n" + streamTable);
        write(
                "models/kept_mv.sql",
                "{{ config(materialized='materialized_view', full_refresh=false) }}\n" + streamTable);
        write(
                "models/rebuilt_mv.sql",
                "{{ config(materialized='materialized_view', full_refresh=true) }}\n" + streamTable);
    }

    private SessionOptions options() {
        return SessionOptions.builder(dir).server(EMBEDDED).env(Map.of()).build();
    }

    /** Each table's oid, by name. */
    private static Map<String, String> oids(ProjectSession session) throws SQLException {
        Map<String, String> oids = new java.util.HashMap<>();
        for (String table : TABLES) {
            oids.put(
                    table,
                    QueryRows.rows(session, "select '%s'::regclass::oid".formatted(table))
                            .get(0));
        }
        return oids;
    }

    private static Map<String, SeedAction> actions(List<SeedResult> seeds) {
        return seeds.stream()
                .collect(Collectors.toMap(seed -> seed.relation().identifier(), SeedResult::action, (a, b) -> a));
    }

    @Test
    @DisplayName("--full-refresh keeps every node with full_refresh: false (rows and oid) and rebuilds the others")
    void falseKeepsThroughTheFlag() throws SQLException {
        project();
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            Map<String, String> before = oids(session);

            Map<String, SeedAction> seeds = actions(session.seed(true));
            RunResults run = session.fullRefresh();
            Map<String, String> after = oids(session);

            assertThat(seeds).containsEntry("kept_seed", SeedAction.RELOADED);
            assertThat(seeds).containsEntry("rebuilt_seed", SeedAction.RECREATED);
            assertThat(run.result("kept_inc").action())
                    .as("the incremental path, rows added to the kept table")
                    .isEqualTo(RunAction.REPLACED);
            assertThat(QueryRows.rows(session, "select count(*) from kept_inc")).containsExactly("4");
            assertThat(run.result("rebuilt_inc").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            assertThat(QueryRows.rows(session, "select count(*) from rebuilt_inc"))
                    .containsExactly("2");
            assertThat(run.result("kept_st").action()).isEqualTo(RunAction.UNCHANGED);
            assertThat(run.result("kept_st").statements()).noneMatch(sql -> sql.contains("drop_stream_table"));
            assertThat(run.result("rebuilt_st").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            assertThat(run.result("follows_st").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            assertThat(run.result("kept_mv").action()).as("refreshed").isEqualTo(RunAction.REPLACED);
            assertThat(run.result("rebuilt_mv").action()).isEqualTo(RunAction.RECREATED);
            for (String kept : List.of("kept_seed", "kept_inc", "kept_st", "kept_mv")) {
                assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
            }
            for (String rebuilt : List.of("rebuilt_seed", "rebuilt_inc", "rebuilt_st", "follows_st", "rebuilt_mv")) {
                assertThat(after.get(rebuilt)).as(rebuilt).isNotEqualTo(before.get(rebuilt));
            }
        }
    }

    @Test
    @DisplayName("a run without --full-refresh rebuilds every node with full_refresh: true and keeps the others")
    void trueRebuildsWithoutTheFlag() throws SQLException {
        project();
        try (ProjectSession session = ProjectSession.open(options())) {
            session.build();
            Map<String, String> before = oids(session);

            Map<String, SeedAction> seeds = actions(session.seed(false));
            RunResults run = session.run();
            Map<String, String> after = oids(session);

            assertThat(seeds).containsEntry("kept_seed", SeedAction.RELOADED);
            assertThat(seeds).containsEntry("rebuilt_seed", SeedAction.RECREATED);
            assertThat(run.result("kept_inc").action()).isEqualTo(RunAction.REPLACED);
            assertThat(run.result("rebuilt_inc").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            assertThat(run.result("kept_st").action()).isEqualTo(RunAction.UNCHANGED);
            assertThat(run.result("follows_st").action()).isEqualTo(RunAction.UNCHANGED);
            assertThat(run.result("rebuilt_st").recreateReason()).contains(RecreateReason.FULL_REFRESH);
            Function<String, Boolean> same = table -> after.get(table).equals(before.get(table));
            assertThat(TABLES.stream().filter(same::apply).toList())
                    .containsExactlyInAnyOrder("kept_seed", "kept_inc", "kept_st", "follows_st", "kept_mv");
        }
    }

    @Test
    @DisplayName("a full_refresh that is not a boolean fails naming the seed and its file")
    void notABooleanNamesTheSeed() {
        write("dbt_project.yml", "name: fr\nseeds:\n  fr:\n    +full_refresh: sometimes\n");
        write("seeds/kept_seed.csv", "id\n1\n");
        try (ProjectSession session = ProjectSession.open(options())) {
            assertThatThrownBy(session::seed)
                    .isInstanceOf(ProjectException.class)
                    .hasMessageContaining("seed 'kept_seed'")
                    .hasMessageContaining("config 'full_refresh' must be true or false, found 'sometimes'")
                    .hasMessageContaining("kept_seed.csv");
        }
    }
}
