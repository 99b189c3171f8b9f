package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.project.RunHook;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What became of one {@code on-run-start} or {@code on-run-end} hook in a run: dbt lists each as an {@code operation}
 * node among its run results ({@code operation.<package>.<package>-on-run-start-0}), with the same three outcomes.
 *
 * @param hook the hook as written in its {@code dbt_project.yml}
 * @param status how it ended
 * @param elapsed wall time (zero for a skipped hook)
 * @param message the hook, its file and the database's message when it failed; the reason when it was skipped
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record HookResult(RunHook hook, Status status, Duration elapsed, Optional<String> message) {

    /** How a hook ended, as dbt's run results say it. */
    public enum Status {
        /** Its statements ran. */
        SUCCESS,
        /** It did not render, or the database refused one of its statements. */
        ERROR,
        /** Not attempted: an earlier hook of the same kind failed. */
        SKIPPED
    }

    public HookResult {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(message, "message");
    }

    /** dbt's node name, {@code <package>-on-run-start-<index>}. */
    public String name() {
        return hook.name();
    }

    /** Whether it failed. */
    public boolean failed() {
        return status == Status.ERROR;
    }
}
