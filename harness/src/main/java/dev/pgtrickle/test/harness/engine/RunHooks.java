package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.materialize.HookResult;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.RunHook;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a project's {@code on-run-start} or {@code on-run-end} hooks as dbt does: each rendered when it runs (with the
 * database bound, so {@code run_query} sees what the run built so far), its statements sent outside any transaction,
 * in the order of {@link dev.pgtrickle.test.harness.project.DbtProject#runHooks()}. The first hook that fails stops
 * the rest of that list, which dbt reports as skipped; one {@link HookResult} per hook (an entrance reports it as a
 * {@link NodeOutcome} of type {@value #TYPE}).
 */
final class RunHooks {

    /** The node type of a hook's outcome, dbt's resource type for it. */
    static final String TYPE = "operation";

    private static final Logger LOG = LoggerFactory.getLogger(RunHooks.class);

    private RunHooks() {}

    /**
     * @param extra what the hooks see beyond dbt's usual context ({@code results}, {@code schemas}, {@code
     *     database_schemas} for {@code on-run-end})
     */
    static List<HookResult> run(ProjectSession session, RunHook.Type type, Map<String, ?> extra) {
        CompiledProject project = session.compiledProject();
        List<RunHook> hooks = RunHook.ofType(project.project().runHooks(), type);
        List<HookResult> outcomes = new ArrayList<>();
        if (hooks.isEmpty()) {
            return outcomes;
        }
        boolean failed = false;
        try (Connection connection = session.database().connect()) {
            for (RunHook hook : hooks) {
                if (failed) {
                    outcomes.add(new HookResult(
                            hook,
                            HookResult.Status.SKIPPED,
                            Duration.ZERO,
                            Optional.of("an earlier " + type.key() + " hook failed")));
                    continue;
                }
                long start = System.nanoTime();
                Optional<String> error = runOne(project, hook, connection, extra);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                failed = error.isPresent();
                outcomes.add(new HookResult(
                        hook, failed ? HookResult.Status.ERROR : HookResult.Status.SUCCESS, elapsed, error));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to %s for the %s hooks: %s"
                            .formatted(session.database(), type.key(), e.getMessage()),
                    e);
        }
        return outcomes;
    }

    /** Render and run one hook; the failure's message names the hook and where it is written. */
    private static Optional<String> runOne(
            CompiledProject project, RunHook hook, Connection connection, Map<String, ?> extra) {
        List<String> statements;
        try {
            statements = project.renderRunHook(hook, connection, extra);
        } catch (ProjectException e) {
            return failure(hook, "does not render: " + e.getMessage());
        }
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                return failure(hook, "failed: %s%n%s".formatted(e.getMessage(), sql.strip()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> failure(RunHook hook, String what) {
        String message = "%s hook %s %s".formatted(hook.type().key(), hook.describe(), what);
        LOG.error(message);
        return Optional.of(message);
    }

    /** A hook's result as every entrance reports a node. */
    static NodeOutcome outcome(HookResult result) {
        RunHook hook = result.hook();
        NodeOutcome.Status status =
                switch (result.status()) {
                    case SUCCESS -> NodeOutcome.Status.OK;
                    case ERROR -> NodeOutcome.Status.ERROR;
                    case SKIPPED -> NodeOutcome.Status.SKIPPED;
                };
        return new NodeOutcome(
                TYPE,
                hook.name(),
                status,
                "%s hook (%s)".formatted(hook.type().key(), hook.packageName()),
                result.elapsed(),
                result.message(),
                Optional.of(hook.file()));
    }
}
