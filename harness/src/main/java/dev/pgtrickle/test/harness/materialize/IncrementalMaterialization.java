package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.db.Catalogs.Column;
import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * dbt's {@code incremental} materialization as dbt-postgres runs it. The first run creates the table from the model
 * (rendered with {@code is_incremental()} false); so does a full refresh ({@link IncrementalDecision#shouldFullRefresh})
 * and a view standing in its place. A later run renders the model with {@code is_incremental()} true, loads its rows
 * into a temporary table, widens the table's {@code character varying} columns the new rows need, applies {@code
 * on_schema_change}, and moves the rows in with the strategy ({@link IncrementalStatements}), all in one transaction.
 * The table is one the harness created (the ledger of a disposable database is checked before it is touched).
 */
final class IncrementalMaterialization {

    /**
     * What a build did, what the user should know about it (rows moved, settings read differently), and for a later
     * run what PostgreSQL answered the statement that moved the rows in ({@link ModelRunResult#commandStatus()}).
     */
    record Outcome(
            RunAction action, Optional<RecreateReason> reason, List<String> notes, Optional<String> commandStatus) {}

    /** The new rows moved in: the notes saying how, and dbt-postgres's status of the last statement. */
    private record Added(List<String> notes, String commandStatus) {}

    /** dbt-postgres's suffix of the temporary table; the time keeps two of them apart. */
    private static final String TEMP_SUFFIX = "__dbt_tmp";

    private static final int MAX_IDENTIFIER = 63;

    private IncrementalMaterialization() {}

    /**
     * Build {@code model} as dbt's incremental materialization does.
     *
     * @param fullRefreshFlag the command's {@code --full-refresh}
     * @throws MaterializationConfigException for a strategy or setting pgtrickle-test does not accept, on every run
     *     (dbt looks the strategy up before it looks at the table)
     */
    static Outcome build(Connection connection, ModelToBuild model, boolean fullRefreshFlag, List<String> sent)
            throws SQLException {
        IncrementalConfig config = IncrementalConfig.of(model);
        Relation relation = model.relation();
        List<String> notes = new ArrayList<>(config.notes());
        IncrementalDecision.Existing existing = IncrementalDecision.existing(connection, relation);
        if (existing == IncrementalDecision.Existing.NONE) {
            String status =
                    RelationMaterialization.table(connection, model, sent).commandStatus();
            return new Outcome(RunAction.CREATED, Optional.empty(), notes, Optional.of(status));
        }
        boolean fullRefresh = IncrementalDecision.shouldFullRefresh(model.config(), fullRefreshFlag, model.describe());
        char kind = Catalogs.relkind(connection, relation.schema(), relation.identifier())
                .orElseThrow();
        if (fullRefresh || kind == 'v') {
            if (!fullRefresh) {
                notes.add("a view stood at %s: replaced by the model's table, as dbt does".formatted(relation));
            }
            String status =
                    RelationMaterialization.table(connection, model, sent).commandStatus();
            return new Outcome(
                    RunAction.RECREATED,
                    Optional.of(fullRefresh ? RecreateReason.FULL_REFRESH : RecreateReason.TABLE_REBUILD),
                    notes,
                    Optional.of(status));
        }
        if (existing == IncrementalDecision.Existing.OTHER) {
            throw new SQLException(("%s is a %s, not the table of incremental model '%s', so there is nothing to add"
                            + " rows to (dbt fails here too); run with --full-refresh to replace it by the table")
                    .formatted(relation.quoted(), kindName(kind), model.name()));
        }
        CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
        List<Added> attempt = new ArrayList<>();
        RelationMaterialization.inTransaction(connection, sent, "incremental run of " + relation, c -> {
            attempt.clear();
            attempt.add(addNewRows(c, model, config, sent));
        });
        notes.addAll(attempt.get(0).notes());
        return new Outcome(
                RunAction.REPLACED,
                Optional.empty(),
                notes,
                Optional.of(attempt.get(0).commandStatus()));
    }

    private static String kindName(char kind) {
        return switch (kind) {
            case 'm' -> "materialized view";
            case 'r', 'p' -> "stream table";
            case 'f' -> "foreign table";
            default -> "relation of kind '%s'".formatted(kind);
        };
    }

    /** The later run: new rows into a temporary table, the table's columns brought in line, the rows moved in. */
    private static Added addNewRows(
            Connection connection, ModelToBuild model, IncrementalConfig config, List<String> sent)
            throws SQLException {
        Relation target = model.relation();
        String temp = Relation.quote(tempName(target.identifier()));
        RelationMaterialization.send(
                connection,
                sent,
                "create temporary table %s on commit drop as (\n%s\n)".formatted(temp, model.compiledSql()));
        List<Column> source = Catalogs.columns(connection, temp);
        widenCharacterVarying(connection, sent, target, source);
        List<Column> table = Catalogs.columns(connection, target.quoted());
        SchemaChanges changes = SchemaChanges.between(source, table);
        List<String> notes = new ArrayList<>();
        List<Column> load = columnsToLoad(connection, sent, model, config, changes, source, table, notes);
        List<String> statements = IncrementalStatements.of(
                config, target, temp, load.stream().map(Column::name).toList());
        List<Long> counts = new ArrayList<>();
        for (String statement : statements) {
            counts.add(RelationMaterialization.send(connection, sent, statement));
        }
        notes.add(summary(config, counts));
        return new Added(notes, commandStatus(config, counts.get(counts.size() - 1)));
    }

    /**
     * What PostgreSQL answers the last statement of the strategy, as dbt-postgres reports it for the model ({@code
     * statusmessage} of its main statement, which ends with that statement): the insert of {@code append} and
     * {@code delete+insert}, the {@code MERGE} of {@code merge}.
     */
    private static String commandStatus(IncrementalConfig config, long rows) {
        return config.strategy() == IncrementalConfig.Strategy.MERGE ? "MERGE " + rows : "INSERT 0 " + rows;
    }

    /**
     * dbt's {@code on_schema_change}: the columns to load, after changing the table as the setting asks.
     *
     * @throws SQLException for {@code fail} when anything differs, and for {@code ignore} when the table has a column
     *     the model no longer returns (the insert could not fill it; dbt fails there on the database's message)
     */
    private static List<Column> columnsToLoad(
            Connection connection,
            List<String> sent,
            ModelToBuild model,
            IncrementalConfig config,
            SchemaChanges changes,
            List<Column> source,
            List<Column> table,
            List<String> notes)
            throws SQLException {
        Relation target = model.relation();
        String ways = "set on_schema_change to append_new_columns or sync_all_columns, rebuild the table with"
                + " --full-refresh (or full_refresh: true), or change the table by hand";
        switch (config.onSchemaChange()) {
            case IGNORE -> {
                if (!changes.removed().isEmpty()) {
                    throw new SQLException(("incremental model '%s': table %s has columns the model no longer returns"
                                    + " (%s), and on_schema_change 'ignore' loads the table's columns; %s")
                            .formatted(model.name(), target, changes.describe(table), ways));
                }
                if (!changes.added().isEmpty()) {
                    notes.add(("on_schema_change 'ignore': the model's new columns %s were not loaded into %s (set"
                                    + " on_schema_change to append_new_columns or sync_all_columns to add them)")
                            .formatted(names(changes.added()), target));
                }
                return table;
            }
            case FAIL -> {
                if (changes.changed()) {
                    throw new SQLException(("incremental model '%s': on_schema_change is 'fail' and the model's"
                                    + " columns no longer match table %s: %s; %s")
                            .formatted(model.name(), target, changes.describe(table), ways));
                }
                return source;
            }
            case APPEND_NEW_COLUMNS -> {
                alter(connection, sent, target, changes.added(), List.of());
                return source;
            }
            case SYNC_ALL_COLUMNS -> {
                alter(connection, sent, target, changes.added(), changes.removed());
                for (Column column : changes.retyped()) {
                    retype(connection, sent, target, column);
                }
                return source;
            }
        }
        throw new IllegalStateException("unknown on_schema_change " + config.onSchemaChange());
    }

    /** dbt's {@code expand_target_column_types}: a table's {@code character varying} grows to what the new rows need. */
    private static void widenCharacterVarying(
            Connection connection, List<String> sent, Relation target, List<Column> source) throws SQLException {
        List<Column> table = Catalogs.columns(connection, target.quoted());
        for (Column wanted : source) {
            for (Column existing : table) {
                if (existing.name().equals(wanted.name())
                        && existing.varcharLength().isPresent()
                        && wanted.varcharLength().isPresent()
                        && wanted.varcharLength().getAsInt()
                                > existing.varcharLength().getAsInt()) {
                    RelationMaterialization.send(
                            connection,
                            sent,
                            "alter table %s alter column %s type %s"
                                    .formatted(target.quoted(), Relation.quote(existing.name()), wanted.type()));
                }
            }
        }
    }

    /** One {@code ALTER TABLE} adding and dropping columns, as dbt's {@code alter_relation_add_remove_columns}. */
    private static void alter(
            Connection connection, List<String> sent, Relation target, List<Column> add, List<Column> drop)
            throws SQLException {
        List<String> actions = new ArrayList<>();
        add.forEach(column -> actions.add("add column %s %s".formatted(Relation.quote(column.name()), column.type())));
        drop.forEach(column -> actions.add("drop column " + Relation.quote(column.name())));
        if (!actions.isEmpty()) {
            RelationMaterialization.send(
                    connection,
                    sent,
                    "alter table %s\n    %s".formatted(target.quoted(), String.join(",\n    ", actions)));
        }
    }

    /**
     * A column takes the model's type as dbt's {@code alter_column_type} does it: a new column of that type, the
     * values copied (PostgreSQL's assignment cast), the old column dropped (with what depends on it) and the new one
     * renamed, so the column moves to the end of the table, as with dbt.
     */
    private static void retype(Connection connection, List<String> sent, Relation target, Column column)
            throws SQLException {
        String name = Relation.quote(column.name());
        String temporary = Relation.quote(column.name() + "__dbt_alter");
        String table = target.quoted();
        RelationMaterialization.send(
                connection, sent, "alter table %s add column %s %s".formatted(table, temporary, column.type()));
        RelationMaterialization.send(connection, sent, "update %s set %s = %s".formatted(table, temporary, name));
        RelationMaterialization.send(connection, sent, "alter table %s drop column %s cascade".formatted(table, name));
        RelationMaterialization.send(
                connection, sent, "alter table %s rename column %s to %s".formatted(table, temporary, name));
    }

    /** dbt-postgres's temporary table name: the model's name cut to fit, the suffix and the time of day. */
    static String tempName(String identifier) {
        LocalTime now = LocalTime.now();
        String suffix = TEMP_SUFFIX
                + "%02d%02d%02d%06d".formatted(now.getHour(), now.getMinute(), now.getSecond(), now.getNano() / 1000);
        return identifier.substring(0, Math.min(identifier.length(), MAX_IDENTIFIER - suffix.length())) + suffix;
    }

    private static String summary(IncrementalConfig config, List<Long> counts) {
        // append ignores a unique_key, as dbt's does.
        String on = config.uniqueKey().isEmpty() || config.strategy() == IncrementalConfig.Strategy.APPEND
                ? ""
                : " on (%s)".formatted(String.join(", ", config.uniqueKey()));
        String strategy = "incremental " + config.strategy().dbtName + on;
        return switch (config.strategy()) {
            case APPEND -> "%s: %d rows inserted".formatted(strategy, counts.get(0));
            case DELETE_INSERT ->
                counts.size() == 1
                        ? "%s: %d rows inserted".formatted(strategy, counts.get(0))
                        : "%s: %d rows deleted, %d inserted".formatted(strategy, counts.get(0), counts.get(1));
            case MERGE -> "%s: %d rows merged (updated or inserted)".formatted(strategy, counts.get(0));
        };
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(column -> Relation.quote(column.name())).collect(Collectors.joining(", "));
    }
}
