package dev.pgtrickle.test.cli.compare;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.BuildListener;
import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one backend made of a project, in a form two backends can be compared by: each model's run outcome, each dbt
 * test's outcome, and each stream table's rows (without {@code __pgt_*} columns, values normalised, sorted).
 *
 * @param backend which PostgreSQL and pg_trickle ran (real or emulated), for the report
 * @param models model name to run action ({@code CREATED}, {@code ERROR}, {@code SKIPPED}, ...)
 * @param tests dbt test name to status ({@code PASS}, {@code FAIL}, ...)
 * @param contents stream table name to its rows, each rendered as text, sorted
 */
public record BackendSnapshot(
        String backend, Map<String, String> models, Map<String, String> tests, Map<String, List<String>> contents) {

    public BackendSnapshot {
        models = Map.copyOf(new TreeMap<>(models));
        tests = Map.copyOf(new TreeMap<>(tests));
        contents = Map.copyOf(new TreeMap<>(contents));
    }

    /**
     * Build the project as the command line's {@code build} does (its {@code on-run-start} hooks, seeds, models, every
     * stream table populated, dbt tests, its {@code on-run-end} hooks) and take the snapshot. Stream table contents
     * are read after they are populated and before the tests.
     *
     * @throws RunFailedException when a model failed
     * @throws IllegalStateException naming each {@code on-run-*} hook that failed
     */
    public static BackendSnapshot take(SessionOptions options) {
        try (ProjectSession session = ProjectSession.open(options)) {
            ProjectBuild build = new ProjectBuild(session, BuildListener.NONE);
            BackendSnapshot snapshot = build.betweenHooks(() -> false, command -> take(session, command));
            build.requireHooksPassed("the build of project '%s'"
                    .formatted(session.compiledProject().project().name()));
            return snapshot;
        }
    }

    private static BackendSnapshot take(ProjectSession session, ProjectBuild build) {
        RunResults run = RunFailedException.requireNoFailures(
                "run",
                build.build(EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.STOP)
                        .orElseThrow());
        Map<String, String> models = new TreeMap<>();
        Map<String, List<String>> contents = new TreeMap<>();
        for (ModelRunResult result : run.results()) {
            models.put(result.model(), result.action().name());
            if ("stream_table".equals(result.materialization()) && !result.failed()) {
                contents.put(result.model(), rows(session, result.model()));
            }
        }
        DbtTestResults tests = build.tests(DbtTestSuite.DEFAULT_FAILING_ROWS).runAll();
        Map<String, String> outcomes = new TreeMap<>();
        for (DbtTestResult result : tests.results()) {
            build.testFinished(result);
            outcomes.put(result.test().name(), result.status().name());
        }
        return new BackendSnapshot(session.database().pgTrickle().describe(), models, outcomes, contents);
    }

    private static List<String> rows(ProjectSession session, String model) {
        List<String> rows = new ArrayList<>();
        for (Row row : session.streamTable(model).rows()) {
            rows.add(row.toString());
        }
        rows.sort(null);
        return rows;
    }

    /** Every way {@code other} differs from this snapshot, one line each; empty when they agree. */
    public List<String> differences(BackendSnapshot other) {
        List<String> differences = new ArrayList<>();
        compare("model", models, other.models, differences);
        compare("dbt test", tests, other.tests, differences);
        for (String table : union(contents, other.contents)) {
            List<String> mine = contents.getOrDefault(table, List.of());
            List<String> theirs = other.contents.getOrDefault(table, List.of());
            if (!mine.equals(theirs)) {
                List<String> onlyMine = new ArrayList<>(mine);
                theirs.forEach(onlyMine::remove);
                List<String> onlyTheirs = new ArrayList<>(theirs);
                mine.forEach(onlyTheirs::remove);
                differences.add("stream table %s: %d rows vs %d rows; only in the first: %s; only in the second: %s"
                        .formatted(table, mine.size(), theirs.size(), onlyMine, onlyTheirs));
            }
        }
        return differences;
    }

    private static void compare(
            String kind, Map<String, String> mine, Map<String, String> theirs, List<String> differences) {
        for (String name : union(mine, theirs)) {
            String a = mine.getOrDefault(name, "(absent)");
            String b = theirs.getOrDefault(name, "(absent)");
            if (!a.equals(b)) {
                differences.add("%s %s: %s vs %s".formatted(kind, name, a, b));
            }
        }
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeMap<String, Object> all = new TreeMap<>(a);
        all.putAll(b);
        return List.copyOf(all.keySet());
    }
}
