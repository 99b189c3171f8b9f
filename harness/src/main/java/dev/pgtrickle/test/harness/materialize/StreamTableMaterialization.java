package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.emulation.EmulationMessages;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code stream_table} materialization: reads the catalog, plans the lifecycle step ({@link StreamTablePlanner})
 * and sends the pg_trickle calls in one transaction, so a recreate whose create fails leaves the old stream table in
 * place.
 */
final class StreamTableMaterialization {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTableMaterialization.class);

    private final PgTrickleInfo server;
    private final QueryChangeStrategy sessionDefault;
    private final StreamTablePlanner planner;
    private final StreamTableStatements statements;
    private final Map<String, Set<String>> parameterNames = new HashMap<>();
    /** Models whose stream table is created again even when unchanged: see {@link #recreateForClearedOptions}. */
    private final Set<String> recreateForClearedOptions = new HashSet<>();

    StreamTableMaterialization(PgTrickleInfo server, QueryChangeStrategy sessionDefault) {
        this.server = server;
        this.sessionDefault = sessionDefault;
        this.planner = new StreamTablePlanner(server);
        this.statements = new StreamTableStatements(server);
    }

    /** What was done, and the statements sent. */
    record Outcome(
            RunAction action,
            Optional<RecreateReason> reason,
            Map<String, ModelRunResult.SettingChange> changes,
            List<String> notes,
            List<String> statements) {}

    /** Read the model's settings without touching the database (used to validate a whole run up front). */
    StreamTableSettings settings(ModelToBuild model) {
        return StreamTableSettings.from(model, RefreshMode.parse(server.defaultRefreshMode()), sessionDefault);
    }

    /**
     * Remember the models whose next build must create their stream table again because an override that set one of
     * its options was cleared and the model itself does not set that option: {@code alter_stream_table} takes NULL as
     * "keep", so no alter can give an option back its default. Options the model sets are compared and altered as
     * usual; {@code schedule}, {@code refresh_mode} and {@code status} are always restored by an alter.
     *
     * @param clearedKeys per model, the config keys of overrides cleared since the model was last built
     */
    void recreateForClearedOptions(List<ModelToBuild> models, Map<String, Set<String>> clearedKeys) {
        for (ModelToBuild model : models) {
            boolean optionLeftBehind = clearedKeys.getOrDefault(model.name(), Set.of()).stream()
                    .filter(key -> !model.config().containsKey(key))
                    .anyMatch(key -> StreamTableOption.forKey(key).isPresent());
            if (optionLeftBehind) {
                recreateForClearedOptions.add(model.name());
            }
        }
    }

    /**
     * Drop the model's stream table ahead of a full-refresh run, when it exists; the run drops downstream stream
     * tables first this way, because pg_trickle refuses to drop a stream table that others read.
     *
     * @return the statement sent, if any
     */
    Optional<String> dropForFullRefresh(Connection connection, ModelToBuild model) throws SQLException {
        StreamTableSettings settings = settings(model);
        if (StoredStreamTable.read(connection, settings.name()).isEmpty()) {
            return Optional.empty();
        }
        CreatedRelations.requireCreatedByHarness(
                connection, settings.name().schema(), settings.name().identifier());
        String drop = statements.drop(settings.name());
        RelationMaterialization.run(connection, List.of(drop));
        return Optional.of(drop);
    }

    /**
     * Build one stream table model.
     *
     * @param droppedForFullRefresh the statement that dropped it already in this full-refresh run, if any
     */
    Outcome build(
            Connection connection, ModelToBuild model, boolean fullRefresh, Optional<String> droppedForFullRefresh)
            throws SQLException {
        StreamTableSettings settings = settings(model);
        checkServerTakes(connection, model, settings);
        if (Catalogs.relkind(
                        connection, settings.name().schema(), settings.name().identifier())
                .isPresent()) {
            CreatedRelations.requireCreatedByHarness(
                    connection, settings.name().schema(), settings.name().identifier());
        }
        Optional<StoredStreamTable> stored = StoredStreamTable.read(connection, settings.name());
        StreamTablePlan plan = planner.plan(settings, stored, fullRefresh);
        if (stored.isPresent()
                && recreateForClearedOptions.contains(model.name())
                && plan.action() != RunAction.RECREATED) {
            plan = new StreamTablePlan(
                    RunAction.RECREATED,
                    Optional.of(RecreateReason.OVERRIDE_CLEARED),
                    Map.of(),
                    Map.of(),
                    plan.notes());
        }
        for (String argument : plan.alterArguments().keySet()) {
            Optional<StreamTableOption> option = StreamTableOption.forKey(argument);
            if (option.isPresent()) {
                requireParameter(connection, model, option.get(), "alter_stream_table");
            }
        }
        if (droppedForFullRefresh.isPresent() && plan.action() == RunAction.CREATED) {
            plan = new StreamTablePlan(
                    RunAction.RECREATED, Optional.of(RecreateReason.FULL_REFRESH), Map.of(), Map.of(), plan.notes());
        }
        List<String> sent = new ArrayList<>();
        switch (plan.action()) {
            case CREATED -> create(settings, sent);
            case RECREATED -> {
                if (droppedForFullRefresh.isEmpty()) {
                    sent.add(statements.drop(settings.name()));
                }
                create(settings, sent);
            }
            case ALTERED -> sent.add(statements.alter(settings.name(), plan.alterArguments()));
            case REPLACED -> replace(settings, stored.orElseThrow(), plan, sent);
            case UNCHANGED -> {}
            default -> throw new IllegalStateException(plan.action().name());
        }
        try {
            if (plan.action() == RunAction.UNCHANGED) {
                RelationMaterialization.run(connection, sent);
            } else {
                RelationMaterialization.build(connection, new ArrayList<>(), sent, settings.name(), "stream_table");
            }
        } catch (SQLException e) {
            if (plan.reason().equals(Optional.of(RecreateReason.QUERY_CHANGED))
                    || plan.reason().equals(Optional.of(RecreateReason.OVERRIDE_CLEARED))) {
                throw explainRefusedDrop(
                        connection, model, settings, plan.reason().get(), e);
            }
            throw e;
        }
        droppedForFullRefresh.ifPresent(drop -> sent.add(0, drop));
        plan.notes().forEach(note -> LOG.warn("{}: {}", model.describe(), note));
        LOG.info(
                "pg_trickle: {} stream table {} for {}",
                plan.action().name().toLowerCase(java.util.Locale.ROOT),
                settings.name(),
                model.describe());
        return new Outcome(plan.action(), plan.reason(), plan.changes(), plan.notes(), sent);
    }

    /**
     * A changed query is applied by drop and create, and pg_trickle refuses to drop a stream table that other stream
     * tables read; its message ("use cascade => true") names a fix a dbt user cannot apply. Name the readers and the
     * fixes that work from dbt.
     */
    private static SQLException explainRefusedDrop(
            Connection connection,
            ModelToBuild model,
            StreamTableSettings settings,
            RecreateReason reason,
            SQLException refusal)
            throws SQLException {
        List<String> readers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT st.pgt_schema || '.' || st.pgt_name FROM pgtrickle.pgt_dependencies d"
                        + " JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = d.pgt_id"
                        + " WHERE d.source_relid = to_regclass(format('%I.%I', ?, ?))::oid ORDER BY 1")) {
            query.setString(1, settings.name().schema());
            query.setString(2, settings.name().identifier());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    readers.add(rows.getString(1));
                }
            }
        }
        if (readers.isEmpty()) {
            return refusal;
        }
        return new SQLException(
                ("%s%n%s: %s, so the stream table %s must be dropped and created again, but the stream tables %s read"
                                + " it. Run a full refresh (--full-refresh, fullRefresh()), which recreates the chain"
                                + " downstream first%s")
                        .formatted(
                                EmulationMessages.withoutEmulationContext(refusal.getMessage()),
                                model.describe(),
                                reason == RecreateReason.QUERY_CHANGED
                                        ? "the query changed"
                                        : "a cleared override had set an option that only a new table gets back",
                                settings.name().schema() + "." + settings.name().identifier(),
                                String.join(", ", readers),
                                reason == RecreateReason.QUERY_CHANGED
                                        ? ", or set on_query_change: replace to change the query in place"
                                        : ""),
                refusal.getSQLState(),
                refusal);
    }

    private void create(StreamTableSettings settings, List<String> sent) {
        sent.add(statements.create(settings));
        Map<String, String> followUp = new LinkedHashMap<>();
        StreamTableStatus createdStatus =
                settings.initialize() ? StreamTableStatus.ACTIVE : StreamTableStatus.INITIALIZING;
        settings.status()
                .filter(status -> status != createdStatus)
                .ifPresent(status -> followUp.put("status", SqlText.literal(status.sqlName())));
        followUp.putAll(statements.alterOnlyOptions(settings));
        if (!followUp.isEmpty()) {
            sent.add(statements.alter(settings.name(), followUp));
        }
    }

    private void replace(
            StreamTableSettings settings, StoredStreamTable stored, StreamTablePlan plan, List<String> sent) {
        Map<String, String> settingChanges = new LinkedHashMap<>(plan.alterArguments());
        if (server.alterAcceptsQuery()) {
            sent.add(statements.alterQuery(settings.name(), settings.query(), settingChanges));
            return;
        }
        String mode = settings.refreshMode() == RefreshMode.AUTO
                ? stored.refreshMode()
                : settings.refreshMode().sqlName();
        sent.add(statements.createOrReplace(settings, mode));
        // create_or_replace cannot set status or the alter-only options; schedule and mode it applied itself.
        settingChanges.remove("schedule");
        settingChanges.remove("refresh_mode");
        for (StreamTableOption option : StreamTableOption.values()) {
            if (option.onCreate()) {
                settingChanges.remove(option.key());
            }
        }
        if (!settingChanges.isEmpty()) {
            sent.add(statements.alter(settings.name(), settingChanges));
        }
    }

    /** Refuse, with the setting's name, options the server's API functions have no parameter for. */
    private void checkServerTakes(Connection connection, ModelToBuild model, StreamTableSettings settings)
            throws SQLException {
        for (StreamTableOption option : settings.options().keySet()) {
            requireParameter(
                    connection, model, option, option.onCreate() ? "create_stream_table" : "alter_stream_table");
        }
    }

    private void requireParameter(Connection connection, ModelToBuild model, StreamTableOption option, String function)
            throws SQLException {
        if (!parameters(connection, function).contains(option.key())) {
            throw new MaterializationConfigException(
                    "%s: config %s is not supported by %s: pgtrickle.%s has no parameter %s; remove the setting or"
                                    .formatted(
                                            model.describe(), option.key(), server.describe(), function, option.key())
                            + " use a newer pg_trickle");
        }
    }

    private Set<String> parameters(Connection connection, String function) throws SQLException {
        Set<String> cached = parameterNames.get(function);
        if (cached != null) {
            return cached;
        }
        Set<String> names = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT unnest(p.proargnames) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = 'pgtrickle' AND p.proname = ?")) {
            statement.setString(1, function);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        parameterNames.put(function, names);
        return names;
    }
}
