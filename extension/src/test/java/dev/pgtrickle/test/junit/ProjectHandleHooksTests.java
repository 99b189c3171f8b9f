package dev.pgtrickle.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.HookResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The injected handle's verbs run the project's {@code on-run-start} and {@code on-run-end} hooks as the dbt command
 * each stands for, on a real project whose {@code on-run-start} creates a table and whose {@code on-run-end} writes a
 * row to it.
 */
@DisplayName("PgTrickleProjectHandle: seed(), run(), fullRefresh(), test() and build() run on-run-start/on-run-end")
@PgTrickleProject(path = "src/test/projects/run_hooks", server = Backend.EMBEDDED)
class ProjectHandleHooksTests {

    @Test
    @DisplayName("each verb adds one on-run-start row before its nodes and one on-run-end row counting its results")
    void everyVerbRunsTheHooks(PgTrickleProjectHandle project) throws SQLException {
        // The build before the first test ran them once, around the seed and the model.
        assertThat(audit(project)).containsExactly("start", "end 2");

        project.seed();
        assertThat(project.run().hooks())
                .extracting(HookResult::name)
                .containsExactly("run_hooks-on-run-start-0", "run_hooks-on-run-start-1", "run_hooks-on-run-end-0");
        project.fullRefresh();
        assertThat(project.test().hasFailures()).isFalse();
        project.build();

        assertThat(audit(project))
                .containsExactly(
                        "start", "end 2", // the class's build
                        "start", "end 1", // seed()
                        "start", "end 1", // run()
                        "start", "end 1", // fullRefresh()
                        "start", "end 1", // test()
                        "start", "end 2"); // build()
    }

    private static List<String> audit(PgTrickleProjectHandle project) throws SQLException {
        try (Connection connection = project.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select step || coalesce(' ' || results, '') from public.audit order by n")) {
            List<String> steps = new ArrayList<>();
            while (rows.next()) {
                steps.add(rows.getString(1));
            }
            return steps;
        }
    }
}
