package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.project.Relation;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The outcome of materializing one model.
 *
 * @param model the model name
 * @param relation what it built
 * @param materialization {@code stream_table}, {@code view}, {@code table} or {@code ephemeral} (typed:
 *     {@link #typedMaterialization()})
 * @param action what was done
 * @param recreateReason why, when {@code action} is {@link RunAction#RECREATED}
 * @param changedSettings for {@link RunAction#ALTERED}: setting name to {@code [old, new]} values as text
 * @param compiledSql the SQL the model compiled to
 * @param elapsed wall time spent on this model
 * @param errorMessage the database's (or the harness's) message when {@code action} is {@link RunAction#ERROR}
 * @param notes what the harness adapted or could not honour (e.g. {@code status: PAUSED} applied as SUSPENDED), and
 *     why a model was {@link RunAction#SKIPPED}
 * @param statements the SQL statements sent to build the model, in order (hooks included)
 * @param commandStatus what PostgreSQL answered the model's main statement, as dbt-postgres records it (its
 *     {@code adapter_response} and {@code message} in {@code run_results.json}), when known: {@code SELECT 3} for the
 *     {@code CREATE TABLE ... AS} of a table or of an incremental model's first run or rebuild, {@code INSERT 0 3} for
 *     the rows an incremental model's later run inserted, {@code MERGE 3} for a merge
 */
@API(status = STABLE, since = "0.1")
public record ModelRunResult(
        String model,
        Relation relation,
        String materialization,
        RunAction action,
        Optional<RecreateReason> recreateReason,
        Map<String, SettingChange> changedSettings,
        String compiledSql,
        Duration elapsed,
        Optional<String> errorMessage,
        List<String> notes,
        List<String> statements,
        Optional<String> commandStatus) {

    public ModelRunResult {
        changedSettings = Collections.unmodifiableMap(new LinkedHashMap<>(changedSettings));
        notes = List.copyOf(notes);
        statements = List.copyOf(statements);
        commandStatus = commandStatus == null ? Optional.empty() : commandStatus;
    }

    /** The result without a command status (the shape of this record before it had one). */
    public ModelRunResult(
            String model,
            Relation relation,
            String materialization,
            RunAction action,
            Optional<RecreateReason> recreateReason,
            Map<String, SettingChange> changedSettings,
            String compiledSql,
            Duration elapsed,
            Optional<String> errorMessage,
            List<String> notes,
            List<String> statements) {
        this(
                model,
                relation,
                materialization,
                action,
                recreateReason,
                changedSettings,
                compiledSql,
                elapsed,
                errorMessage,
                notes,
                statements,
                Optional.empty());
    }

    /** The result without notes or statements (the original shape of this record). */
    public ModelRunResult(
            String model,
            Relation relation,
            String materialization,
            RunAction action,
            Optional<RecreateReason> recreateReason,
            Map<String, SettingChange> changedSettings,
            String compiledSql,
            Duration elapsed,
            Optional<String> errorMessage) {
        this(
                model,
                relation,
                materialization,
                action,
                recreateReason,
                changedSettings,
                compiledSql,
                elapsed,
                errorMessage,
                List.of(),
                List.of());
    }

    /** One altered setting. */
    public record SettingChange(String before, String after) {}

    /**
     * The {@link #materialization()} as a {@link Materialization}: a result exists only for a model whose
     * materialization was accepted.
     */
    public Materialization typedMaterialization() {
        return Materialization.parse(materialization, "model '%s'".formatted(model));
    }

    /** Whether the model ended in {@link RunAction#ERROR}. */
    public boolean failed() {
        return action == RunAction.ERROR;
    }

    /** This result with {@code status} as its command status. */
    ModelRunResult withCommandStatus(Optional<String> status) {
        return new ModelRunResult(
                model,
                relation,
                materialization,
                action,
                recreateReason,
                changedSettings,
                compiledSql,
                elapsed,
                errorMessage,
                notes,
                statements,
                status);
    }

    /** This result with {@code hint} appended, on a line of its own, to the error message (if there is one). */
    public ModelRunResult withErrorHint(String hint) {
        return new ModelRunResult(
                model,
                relation,
                materialization,
                action,
                recreateReason,
                changedSettings,
                compiledSql,
                elapsed,
                errorMessage.map(error -> error + System.lineSeparator() + hint),
                notes,
                statements,
                commandStatus);
    }
}
