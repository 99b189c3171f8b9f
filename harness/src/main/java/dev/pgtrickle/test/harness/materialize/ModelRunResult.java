package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of materializing one model.
 *
 * @param model the model name
 * @param relation what it built
 * @param materialization {@code stream_table}, {@code view}, {@code table} or {@code ephemeral}
 * @param action what was done
 * @param recreateReason why, when {@code action} is {@link RunAction#RECREATED}
 * @param changedSettings for {@link RunAction#ALTERED}: setting name to {@code [old, new]} values as text
 * @param compiledSql the SQL the model compiled to
 * @param elapsed wall time spent on this model
 * @param errorMessage the database's (or the harness's) message when {@code action} is {@link RunAction#ERROR}
 */
public record ModelRunResult(
        String model,
        Relation relation,
        String materialization,
        RunAction action,
        Optional<RecreateReason> recreateReason,
        Map<String, SettingChange> changedSettings,
        String compiledSql,
        Duration elapsed,
        Optional<String> errorMessage) {

    /** One altered setting. */
    public record SettingChange(String before, String after) {}

    /** Whether the model ended in {@link RunAction#ERROR}. */
    public boolean failed() {
        return action == RunAction.ERROR;
    }
}
