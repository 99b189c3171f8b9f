package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.db.Transactions;
import dev.pgtrickle.test.harness.emulation.EmulationMessages;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes compiled models in the order given (the caller passes them in dependency order), as {@code dbt run}
 * does: pre-hooks, the materialization, post-hooks; one {@link ModelRunResult} per model. A failed model is reported
 * as {@link RunAction#ERROR} with the database's message and every model downstream of it is
 * {@link RunAction#SKIPPED}; the run goes on with the rest.
 */
public final class ModelRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    private final ConnectionFactory connections;
    private final boolean mayCreateSchemas;
    private final StreamTableMaterialization streamTables;

    /**
     * @param connections connections to the project database
     * @param server the pg_trickle there (real or emulated) and its capabilities
     * @param mayCreateSchemas whether missing custom schemas may be created (only in a database the harness created)
     * @param onQueryChange how a changed query is applied when a model does not set {@code on_query_change}
     */
    public ModelRunner(
            ConnectionFactory connections,
            PgTrickleInfo server,
            boolean mayCreateSchemas,
            QueryChangeStrategy onQueryChange) {
        this.connections = connections;
        this.mayCreateSchemas = mayCreateSchemas;
        this.streamTables = new StreamTableMaterialization(server, onQueryChange);
    }

    /**
     * Create again, in this runner's runs, the stream tables of the models that an override cleared since their last
     * build left with an option the project does not set (the reason {@link RecreateReason#OVERRIDE_CLEARED}).
     *
     * @param clearedKeys per model, the config keys of the overrides cleared since the model was last built
     * @return this runner
     */
    public ModelRunner recreatingForClearedOptions(List<ModelToBuild> models, Map<String, Set<String>> clearedKeys) {
        streamTables.recreateForClearedOptions(models, clearedKeys);
        return this;
    }

    /**
     * Check every stream table's config without touching the database (an unknown materialization fails its own
     * model during the run).
     *
     * @throws MaterializationConfigException naming the first model (and its file) that cannot be built
     */
    public void validate(List<ModelToBuild> models) {
        check(models, streamTables::settings);
    }

    /**
     * Check every stream table's config before any server exists (the refresh mode default is then unknown, which no
     * check depends on).
     *
     * @throws MaterializationConfigException naming the first model (and its file) that cannot be built
     */
    public static void checkConfig(List<ModelToBuild> models) {
        check(models, model -> StreamTableSettings.from(model, RefreshMode.AUTO, QueryChangeStrategy.RECREATE));
    }

    private static void check(List<ModelToBuild> models, java.util.function.Consumer<ModelToBuild> streamTable) {
        for (ModelToBuild model : models) {
            // An unknown materialization is not refused here: it fails its own model when the run reaches it.
            if (Materialization.STREAM_TABLE.matches(model.materialization())) {
                streamTable.accept(model);
            }
        }
    }

    /**
     * Build the models, in the order given.
     *
     * @param fullRefresh the command's {@code --full-refresh} (see {@link #run(List, boolean, RunTimeRendering)})
     * @throws MaterializationConfigException before anything is built when a model cannot be (see {@link #validate})
     */
    public RunResults run(List<ModelToBuild> models, boolean fullRefresh) {
        return run(models, fullRefresh, RunTimeRendering.NONE);
    }

    /**
     * Build the models, in the order given, each rendered again by {@code rendering} just before it is built (after
     * the models it reads), as dbt renders a node with {@code execute} true right before running it.
     *
     * @param fullRefresh the command's {@code --full-refresh}: rebuild the stream tables, incremental models and
     *     materialized views that do not set {@code full_refresh} themselves (the config decides where it is set)
     * @throws MaterializationConfigException before anything is built when a model cannot be (see {@link #validate})
     */
    public RunResults run(List<ModelToBuild> models, boolean fullRefresh, RunTimeRendering rendering) {
        validate(models);
        List<ModelRunResult> results = new ArrayList<>();
        Map<String, String> blocked = new HashMap<>();
        try (Connection connection = connections.open()) {
            Map<String, Optional<String>> dropped = dropForFullRefresh(connection, models, fullRefresh);
            for (ModelToBuild model : models) {
                ModelRunResult result = runOne(
                        connection,
                        model,
                        rendering,
                        fullRefresh,
                        dropped.getOrDefault(model.name(), Optional.empty()),
                        blocked);
                if (result.failed()) {
                    blocked.put(model.name(), model.name());
                    result = withUnselectedUpstreamHint(result, model, models);
                }
                results.add(result);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the project database: " + e.getMessage(), e);
        }
        return new RunResults(results);
    }

    /**
     * A model whose upstream models are not part of the run fails on a missing relation whenever the database is new,
     * which it always is for the command line, the dbt engine and a new test class; dbt users are used to selecting
     * one model of a database that already holds the rest. Say so, with the selector that works.
     */
    private static ModelRunResult withUnselectedUpstreamHint(
            ModelRunResult result, ModelToBuild model, List<ModelToBuild> run) {
        Set<String> inRun = new HashSet<>();
        run.forEach(each -> inRun.add(each.name()));
        List<String> unselected = model.upstreamModels().stream()
                .filter(upstream -> !inRun.contains(upstream))
                .sorted()
                .toList();
        String error = result.errorMessage().orElse("");
        if (unselected.isEmpty() || !(error.contains("relation \"") && error.contains("does not exist"))) {
            return result;
        }
        String hint = ("%s reads %s, which this run did not select; every pgtrickle-test project starts in an empty"
                        + " database, so select them too (--select +%s)")
                .formatted(model.name(), String.join(", ", unselected), model.name());
        return result.withErrorHint(hint);
    }

    /**
     * The existing stream tables of the run that are fully refreshed ({@link #fullRefresh}) are dropped first,
     * downstream first: pg_trickle refuses to drop a stream table other stream tables read. A drop the server refuses
     * (a stream table outside the selection, or one the run keeps with {@code full_refresh: false}, reads it) is left
     * to the model's own build, which then reports the server's message; so is a {@code full_refresh} that is not a
     * boolean.
     */
    private Map<String, Optional<String>> dropForFullRefresh(
            Connection connection, List<ModelToBuild> models, boolean fullRefreshFlag) {
        Map<String, Optional<String>> dropped = new HashMap<>();
        for (int i = models.size() - 1; i >= 0; i--) {
            ModelToBuild model = models.get(i);
            // An unknown materialization fails its own model later, as does a full_refresh that is not a boolean.
            if (!Materialization.STREAM_TABLE.matches(model.materialization())
                    || !fullRefreshQuietly(model, fullRefreshFlag)) {
                continue;
            }
            try {
                dropped.put(model.name(), streamTables.dropForFullRefresh(connection, model));
            } catch (SQLException e) {
                LOG.warn("{}: could not drop for the full refresh: {}", model.describe(), e.getMessage());
            }
        }
        return dropped;
    }

    /**
     * Whether this model is rebuilt in this run: its {@code full_refresh} config, else the command's flag (dbt's
     * {@code should_full_refresh()}, which dbt's and dbt-pgtrickle's materializations ask).
     *
     * @throws MaterializationConfigException naming the model when {@code full_refresh} is not a boolean
     */
    private static boolean fullRefresh(ModelToBuild model, boolean fullRefreshFlag) {
        return IncrementalDecision.shouldFullRefresh(model.config(), fullRefreshFlag, model.describe());
    }

    /** {@link #fullRefresh}, false when {@code full_refresh} is not a boolean (the model's build reports that). */
    private static boolean fullRefreshQuietly(ModelToBuild model, boolean fullRefreshFlag) {
        try {
            return fullRefresh(model, fullRefreshFlag);
        } catch (MaterializationConfigException e) {
            return false;
        }
    }

    private ModelRunResult runOne(
            Connection connection,
            ModelToBuild compiled,
            RunTimeRendering rendering,
            boolean fullRefreshFlag,
            Optional<String> droppedForFullRefresh,
            Map<String, String> blocked) {
        long start = System.nanoTime();
        Optional<String> failedUpstream = compiled.upstreamModels().stream()
                .filter(blocked::containsKey)
                .map(blocked::get)
                .sorted()
                .findFirst();
        if (failedUpstream.isPresent()) {
            // Remember the root failure so models further down name it too.
            blocked.put(compiled.name(), failedUpstream.get());
            String note = "skipped: upstream model '%s' failed".formatted(failedUpstream.get());
            LOG.warn("{}: {}", compiled.describe(), note);
            return result(
                    compiled, RunAction.SKIPPED, Optional.empty(), Map.of(), start, null, List.of(note), List.of());
        }
        // Rendered now, after the models it reads were built, so what it asks the database sees them.
        ModelToBuild model = rendering.render(connection, compiled);
        if (model.compileError().isPresent()) {
            LOG.error(
                    "{} failed to compile: {}",
                    model.describe(),
                    model.compileError().get());
            return result(
                    model,
                    RunAction.ERROR,
                    Optional.empty(),
                    Map.of(),
                    start,
                    model.compileError().get(),
                    List.of(),
                    List.of());
        }
        if (Materialization.EPHEMERAL.matches(model.materialization())) {
            return result(
                    model,
                    RunAction.SKIPPED,
                    Optional.empty(),
                    Map.of(),
                    start,
                    null,
                    List.of("ephemeral: no relation; inlined as a CTE into the models that ref it"),
                    List.of());
        }
        List<String> sent = new ArrayList<>();
        List<String> hookNotes = new ArrayList<>();
        Transactions.Scope transaction = null;
        try {
            // Unknown: a MaterializationConfigException, which fails this model only, as dbt fails a node whose
            // materialization it cannot find.
            Materialization materialization = model.typedMaterialization();
            boolean runsOutsideHooks = runsHooksOutsideTransaction(model, materialization, hookNotes);
            if (runsOutsideHooks) {
                RelationMaterialization.runOutsideTransaction(
                        connection, sent, HookStatement.sql(model.preHooks(), false));
            }
            // As dbt: the hooks inside the transaction share it with the model's own statements.
            List<String> preInside = HookStatement.sql(model.preHooks(), true);
            List<String> postInside = HookStatement.sql(model.postHooks(), true);
            transaction = Transactions.open(connection, !preInside.isEmpty() || !postInside.isEmpty());
            RelationMaterialization.run(connection, sent, preInside);
            ModelRunResult result =
                    switch (materialization) {
                        case STREAM_TABLE -> {
                            StreamTableSettings settings = streamTables.settings(model);
                            RelationMaterialization.ensureSchema(
                                    connection, settings.name().schema(), mayCreateSchemas, sent);
                            StreamTableMaterialization.Outcome outcome = streamTables.build(
                                    connection, model, fullRefresh(model, fullRefreshFlag), droppedForFullRefresh);
                            sent.addAll(outcome.statements());
                            yield new ModelRunResult(
                                    model.name(),
                                    settings.name(),
                                    model.materialization(),
                                    outcome.action(),
                                    outcome.reason(),
                                    outcome.changes(),
                                    model.compiledSql(),
                                    Duration.ZERO,
                                    Optional.empty(),
                                    outcome.notes(),
                                    List.of());
                        }
                        case VIEW -> {
                            RelationMaterialization.ensureSchema(
                                    connection, model.relation().schema(), mayCreateSchemas, sent);
                            RunAction action = RelationMaterialization.view(connection, model, sent);
                            yield result(model, action, Optional.empty(), Map.of(), start, null, List.of(), List.of());
                        }
                        case TABLE -> {
                            RelationMaterialization.ensureSchema(
                                    connection, model.relation().schema(), mayCreateSchemas, sent);
                            RelationMaterialization.BuiltTable built =
                                    RelationMaterialization.table(connection, model, sent);
                            yield result(
                                            model,
                                            built.action(),
                                            built.action() == RunAction.RECREATED
                                                    ? Optional.of(RecreateReason.TABLE_REBUILD)
                                                    : Optional.empty(),
                                            Map.of(),
                                            start,
                                            null,
                                            List.of(),
                                            List.of())
                                    .withCommandStatus(Optional.of(built.commandStatus()));
                        }
                        case INCREMENTAL -> {
                            RelationMaterialization.ensureSchema(
                                    connection, model.relation().schema(), mayCreateSchemas, sent);
                            IncrementalMaterialization.Outcome outcome =
                                    IncrementalMaterialization.build(connection, model, fullRefreshFlag, sent);
                            outcome.notes().forEach(note -> LOG.info("{}: {}", model.describe(), note));
                            yield result(
                                            model,
                                            outcome.action(),
                                            outcome.reason(),
                                            Map.of(),
                                            start,
                                            null,
                                            outcome.notes(),
                                            List.of())
                                    .withCommandStatus(outcome.commandStatus());
                        }
                        case MATERIALIZED_VIEW -> {
                            RelationMaterialization.ensureSchema(
                                    connection, model.relation().schema(), mayCreateSchemas, sent);
                            RunAction action = RelationMaterialization.materializedView(
                                    connection, model, fullRefresh(model, fullRefreshFlag), sent);
                            yield result(model, action, Optional.empty(), Map.of(), start, null, List.of(), List.of());
                        }
                        case SNAPSHOT -> {
                            RelationMaterialization.ensureSchema(
                                    connection, model.relation().schema(), mayCreateSchemas, sent);
                            RunAction action = SnapshotMaterialization.build(connection, model, sent);
                            yield result(
                                    model,
                                    action,
                                    Optional.empty(),
                                    Map.of(),
                                    start,
                                    null,
                                    SnapshotMaterialization.notes(model),
                                    List.of());
                        }
                        case EPHEMERAL -> throw new IllegalStateException("returned above: " + model.describe());
                    };
            RelationMaterialization.run(connection, sent, postInside);
            transaction.commit();
            transaction.close();
            transaction = null;
            if (runsOutsideHooks) {
                RelationMaterialization.runOutsideTransaction(
                        connection, sent, HookStatement.sql(model.postHooks(), false));
            }
            return withTiming(result, start, sent, hookNotes);
        } catch (SQLException | MaterializationConfigException e) {
            String message = EmulationMessages.withoutEmulationContext(e.getMessage());
            LOG.error("{} failed: {}", model.describe(), message);
            return result(model, RunAction.ERROR, Optional.empty(), Map.of(), start, message, hookNotes, sent);
        } finally {
            rollBack(transaction, model);
        }
    }

    /**
     * Whether the model's {@code transaction: false} hooks run: dbt's own materializations run them before the
     * transaction begins and after it commits; dbt-pgtrickle's {@code stream_table} calls {@code run_hooks} only for
     * the hooks inside the transaction, so with it such hooks never run, which a note on the result says.
     */
    private static boolean runsHooksOutsideTransaction(
            ModelToBuild model, Materialization materialization, List<String> notes) {
        if (materialization != Materialization.STREAM_TABLE) {
            return true;
        }
        List<String> skipped = new ArrayList<>(HookStatement.sql(model.preHooks(), false));
        skipped.addAll(HookStatement.sql(model.postHooks(), false));
        if (!skipped.isEmpty()) {
            String note = ("%d hook(s) with transaction: false not run: dbt-pgtrickle's stream_table materialization"
                            + " runs only the hooks inside the transaction (%s)")
                    .formatted(skipped.size(), String.join("; ", skipped));
            LOG.warn("{}: {}", model.describe(), note);
            notes.add(note);
        }
        return false;
    }

    /** A model's transaction left open by a failure is rolled back (its statements are undone, as in dbt). */
    private static void rollBack(Transactions.Scope transaction, ModelToBuild model) {
        if (transaction == null) {
            return;
        }
        try {
            transaction.close();
        } catch (SQLException e) {
            LOG.warn("{}: rolling back its transaction failed: {}", model.describe(), e.getMessage());
        }
    }

    private static ModelRunResult withTiming(
            ModelRunResult result, long start, List<String> sent, List<String> extraNotes) {
        List<String> notes = new ArrayList<>(result.notes());
        notes.addAll(extraNotes);
        return new ModelRunResult(
                result.model(),
                result.relation(),
                result.materialization(),
                result.action(),
                result.recreateReason(),
                result.changedSettings(),
                result.compiledSql(),
                Duration.ofNanos(System.nanoTime() - start),
                result.errorMessage(),
                notes,
                sent,
                result.commandStatus());
    }

    private static ModelRunResult result(
            ModelToBuild model,
            RunAction action,
            Optional<RecreateReason> reason,
            Map<String, ModelRunResult.SettingChange> changes,
            long start,
            String error,
            List<String> notes,
            List<String> sent) {
        return new ModelRunResult(
                model.name(),
                model.relation(),
                model.materialization(),
                action,
                reason,
                changes,
                model.compiledSql(),
                Duration.ofNanos(System.nanoTime() - start),
                Optional.ofNullable(error),
                notes,
                sent);
    }
}
