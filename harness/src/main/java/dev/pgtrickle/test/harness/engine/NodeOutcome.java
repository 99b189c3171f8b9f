package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.seed.SeedResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one seed or model in a {@link ProjectBuild}, with the one text every entrance shows for it (the
 * command line's progress line, the {@code pgtrickle-dbt} engine's report entry), so the two cannot drift apart.
 *
 * @param type {@code seed}, {@code model}, {@code snapshot} or {@code operation} (an {@code on-run-*} hook)
 * @param name the node's name
 * @param status how it ended
 * @param detail the short note for progress output: the rows loaded; the materialization, relation and action taken,
 *     with the reason of a recreate
 * @param elapsed wall time
 * @param message the database's (or the harness's) message when it failed, the reason when it was skipped
 * @param file the node's file (the CSV, the model's {@code .sql}), when known
 * @param commandStatus what PostgreSQL answered the node's main statement, as dbt-postgres records it in {@code
 *     run_results.json} ({@link ModelRunResult#commandStatus()}), when known
 */
public record NodeOutcome(
        String type,
        String name,
        Status status,
        String detail,
        Duration elapsed,
        Optional<String> message,
        Optional<Path> file,
        Optional<String> commandStatus) {

    /** Why a skipped model was not attempted. */
    public static final String UPSTREAM_FAILED = "an upstream model failed";

    /** How a node ended. */
    public enum Status {
        /** Built (an ephemeral model counts: it is compiled into its consumers by design). */
        OK,
        /** The database (or the harness) refused it. */
        ERROR,
        /** Not attempted: a model upstream of it failed. */
        SKIPPED
    }

    public NodeOutcome {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(commandStatus, "commandStatus");
    }

    /** An outcome without a command status (hooks, skipped nodes, seeds). */
    public NodeOutcome(
            String type,
            String name,
            Status status,
            String detail,
            Duration elapsed,
            Optional<String> message,
            Optional<Path> file) {
        this(type, name, status, detail, elapsed, message, file, Optional.empty());
    }

    /** A loaded seed. */
    public static NodeOutcome of(SeedResult seed) {
        return new NodeOutcome(
                "seed",
                seed.relation().identifier(),
                Status.OK,
                seed.summary(),
                seed.elapsed(),
                Optional.empty(),
                Optional.of(seed.csvFile()));
    }

    /** A model's run result; {@code file} is the model's {@code .sql} file. */
    public static NodeOutcome of(ModelRunResult model, Optional<Path> file) {
        boolean ephemeral = Materialization.EPHEMERAL.matches(model.materialization());
        boolean skipped = model.action() == RunAction.SKIPPED && !ephemeral;
        Status status = model.failed() ? Status.ERROR : skipped ? Status.SKIPPED : Status.OK;
        return new NodeOutcome(
                Materialization.SNAPSHOT.matches(model.materialization()) ? "snapshot" : "model",
                model.model(),
                status,
                detail(model, ephemeral),
                model.elapsed(),
                skipped ? Optional.of(UPSTREAM_FAILED) : model.errorMessage(),
                file,
                model.commandStatus());
    }

    private static String detail(ModelRunResult model, boolean ephemeral) {
        if (ephemeral && model.action() == RunAction.SKIPPED) {
            // No relation to name: it is compiled into its consumers as a CTE.
            return "ephemeral (inlined into its consumers)";
        }
        return "%s %s %s%s"
                .formatted(
                        model.materialization(),
                        model.relation().qualifiedName(),
                        action(model),
                        model.recreateReason()
                                .map(reason -> " (" + reason.name().toLowerCase(Locale.ROOT) + ")")
                                .orElse(""));
    }

    /**
     * The action in words. An incremental model's later run adds rows to its table, which the run result calls
     * {@link RunAction#REPLACED}; the line says so with PostgreSQL's answer, as dbt's console line does ({@code rows
     * inserted (INSERT 0 3)}, {@code rows merged (MERGE 3)}).
     */
    private static String action(ModelRunResult model) {
        if (Materialization.INCREMENTAL.matches(model.materialization())
                && model.action() == RunAction.REPLACED
                && model.commandStatus().isPresent()) {
            String status = model.commandStatus().get();
            return "rows %s (%s)".formatted(status.startsWith("MERGE") ? "merged" : "inserted", status);
        }
        return model.action().name().toLowerCase(Locale.ROOT);
    }

    /** Whether it was built. */
    public boolean ok() {
        return status == Status.OK;
    }

    /** Whether it failed. */
    public boolean failed() {
        return status == Status.ERROR;
    }

    /** Whether it was not attempted. */
    public boolean skipped() {
        return status == Status.SKIPPED;
    }
}
