package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * dbt's {@code snapshot} materialization as dbt-postgres builds it, written for pgtrickle-test from its documented
 * behaviour. The first run creates the table from the query with the meta columns ({@code dbt_scd_id}, {@code
 * dbt_updated_at}, {@code dbt_valid_from}, {@code dbt_valid_to}; {@code dbt_is_deleted} with {@code hard_deletes:
 * new_record}). A later run compares the query with the table's current rows (those whose {@code dbt_valid_to} is
 * NULL or {@code dbt_valid_to_current}) by {@code unique_key}: a changed row closes its current version ({@code
 * dbt_valid_to} set) and gets a new one, a new key gets a first version, and a key gone from the query is closed
 * ({@code invalidate}) or closed and given a deletion record ({@code new_record}) or left alone ({@code ignore}).
 * Columns the query gained are added to the table. Everything happens in one transaction; a full refresh does not
 * rebuild a snapshot, as in dbt.
 */
final class SnapshotMaterialization {

    /** {@code snapshot_get_time()} of dbt-postgres: the transaction's time, without time zone. */
    private static final String NOW = "now()::timestamp without time zone";

    private final ModelToBuild model;
    private final SnapshotConfig config;
    private final Relation relation;

    private SnapshotMaterialization(ModelToBuild model) {
        this.model = model;
        this.config = SnapshotConfig.of(model);
        this.relation = model.relation();
    }

    /**
     * Build or update {@code model}'s snapshot table.
     *
     * @return {@link RunAction#CREATED} on the first run, {@link RunAction#REPLACED} when the changes were merged
     * @throws MaterializationConfigException for a configuration dbt refuses too
     * @throws SQLException when the database refuses, or the table there is not a snapshot table (or not the
     *     harness's, in a disposable database)
     */
    static RunAction build(Connection connection, ModelToBuild model, List<String> sent) throws SQLException {
        return new SnapshotMaterialization(model).build(connection, sent);
    }

    /**
     * What the build of {@code model} leaves out, said on its result: {@code target_database} (every node lives in
     * the build's database, as a model's {@code database} does).
     */
    static List<String> notes(ModelToBuild model) {
        Object database = model.config().get("target_database");
        if (database == null || String.valueOf(database).isBlank()) {
            return List.of();
        }
        return List.of(
                "target_database '%s' is not used: the snapshot is built in the build's database".formatted(database));
    }

    private RunAction build(Connection connection, List<String> sent) throws SQLException {
        Optional<Character> existing = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        if (existing.isEmpty()) {
            RelationMaterialization.build(connection, sent, List.of(createTable()), relation, "snapshot");
            return RunAction.CREATED;
        }
        if (existing.get() != 'r' && existing.get() != 'p') {
            throw new SQLException(
                    "snapshot %s: %s exists but is not a table; drop it, or give the snapshot another alias"
                            .formatted(model.name(), relation.qualifiedName()));
        }
        CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
        RelationMaterialization.inTransaction(connection, sent, "snapshot " + model.name(), c -> merge(c, sent));
        return RunAction.REPLACED;
    }

    private String createTable() {
        String updatedAt = updatedAtExpression();
        StringBuilder sql = new StringBuilder("CREATE TABLE %s AS SELECT *, %s AS %s, %s AS %s, %s AS %s, %s AS %s"
                .formatted(
                        relation.quoted(),
                        scdId(updatedAt),
                        config.column(SnapshotConfig.SCD_ID),
                        updatedAt,
                        config.column(SnapshotConfig.UPDATED_AT),
                        updatedAt,
                        config.column(SnapshotConfig.VALID_FROM),
                        validToCurrent(updatedAt),
                        config.column(SnapshotConfig.VALID_TO)));
        if (newRecords()) {
            sql.append(", 'False'::text AS ").append(config.column(SnapshotConfig.IS_DELETED));
        }
        return sql.append(" FROM (\n")
                .append(model.compiledSql())
                .append("\n) AS snapshot_query")
                .toString();
    }

    /** A later run: stage the changes, add new columns, close changed and deleted rows, insert the new versions. */
    private void merge(Connection connection, List<String> sent) throws SQLException {
        Map<String, String> target = columns(connection, relation.quoted());
        requireSnapshotTable(target);
        List<String> queryColumns = queryColumns(connection);
        String staging = Relation.quote(relation.identifier() + "__dbt_tmp");
        send(
                connection,
                sent,
                "CREATE TEMPORARY TABLE %s ON COMMIT DROP AS %s"
                        .formatted(staging, stagingQuery(target, queryColumns)));
        Map<String, String> staged = columns(connection, staging);
        List<String> insertColumns = staged.keySet().stream()
                .filter(column -> !column.equals("dbt_change_type") && !column.startsWith("dbt_unique_key"))
                .toList();
        for (String column : insertColumns) {
            if (!target.containsKey(column)) {
                send(
                        connection,
                        sent,
                        "ALTER TABLE %s ADD COLUMN %s %s"
                                .formatted(relation.quoted(), Relation.quote(column), staged.get(column)));
            }
        }
        String validTo = config.column(SnapshotConfig.VALID_TO);
        String scdId = config.column(SnapshotConfig.SCD_ID);
        send(
                connection,
                sent,
                ("UPDATE %1$s SET %2$s = staged.%2$s FROM %3$s AS staged WHERE staged.%4$s::text ="
                                + " %1$s.%4$s::text AND staged.dbt_change_type IN ('update', 'delete') AND %5$s")
                        .formatted(relation.quoted(), validTo, staging, scdId, isCurrent(relation.quoted())));
        String list = insertColumns.stream().map(Relation::quote).collect(Collectors.joining(", "));
        send(
                connection,
                sent,
                "INSERT INTO %s (%s) SELECT %s FROM %s WHERE dbt_change_type = 'insert'"
                        .formatted(relation.quoted(), list, list, staging));
    }

    /**
     * The changes as rows of the query plus {@code dbt_change_type}: {@code insert} (a new key, or a new version of a
     * changed row, or of a row deleted before), {@code update} (the current version to close), {@code delete} (a key
     * gone from the query, to close) and with {@code new_record} the deletion records ({@code insert}).
     */
    private String stagingQuery(Map<String, String> target, List<String> queryColumns) {
        String updatedAt = updatedAtExpression();
        String validFrom = config.column(SnapshotConfig.VALID_FROM);
        String validTo = config.column(SnapshotConfig.VALID_TO);
        String scdId = config.column(SnapshotConfig.SCD_ID);
        String updated = config.column(SnapshotConfig.UPDATED_AT);
        String deleted = config.column(SnapshotConfig.IS_DELETED);
        boolean deletes = !config.hardDeletes().equals("ignore");
        String changed = rowChanged(target, queryColumns)
                + (newRecords() ? " OR snapshotted_data.%s = 'True'".formatted(deleted) : "");
        StringBuilder sql = new StringBuilder();
        sql.append("WITH snapshot_query AS (\n").append(model.compiledSql()).append("\n),\n");
        sql.append("snapshotted_data AS (SELECT *, %s FROM %s WHERE %s),\n"
                .formatted(keyFields(), relation.quoted(), isCurrent(relation.quoted())));
        sql.append(
                "insertions_source_data AS (SELECT *, %s, %s AS %s, %s AS %s, %s AS %s, %s AS %s FROM snapshot_query),\n"
                        .formatted(
                                keyFields(),
                                updatedAt,
                                updated,
                                updatedAt,
                                validFrom,
                                validToCurrent(updatedAt),
                                validTo,
                                scdId(updatedAt),
                                scdId));
        sql.append("updates_source_data AS (SELECT *, %s, %s AS %s, %s AS %s, %s AS %s FROM snapshot_query),\n"
                .formatted(keyFields(), updatedAt, updated, updatedAt, validFrom, updatedAt, validTo));
        if (deletes) {
            sql.append("deletes_source_data AS (SELECT *, %s FROM snapshot_query),\n".formatted(keyFields()));
        }
        sql.append(("insertions AS (SELECT 'insert'::text AS dbt_change_type, source_data.*%s"
                        + " FROM insertions_source_data AS source_data LEFT JOIN snapshotted_data ON %s"
                        + " WHERE %s OR (%s AND (%s))),\n")
                .formatted(
                        newRecords() ? ", 'False'::text AS " + deleted : "",
                        keysMatch("snapshotted_data", "source_data"),
                        keyIsNull("snapshotted_data"),
                        keyIsNotNull("snapshotted_data"),
                        changed));
        sql.append(("updates AS (SELECT 'update'::text AS dbt_change_type, source_data.*, snapshotted_data.%s%s"
                        + " FROM updates_source_data AS source_data JOIN snapshotted_data ON %s WHERE %s)")
                .formatted(
                        scdId,
                        newRecords() ? ", snapshotted_data." + deleted : "",
                        keysMatch("snapshotted_data", "source_data"),
                        changed));
        String notAlreadyDeleted = newRecords()
                ? " AND NOT (snapshotted_data.%s = 'True' AND %s)".formatted(deleted, isCurrent("snapshotted_data"))
                : "";
        if (deletes) {
            sql.append((",\ndeletes AS (SELECT 'delete'::text AS dbt_change_type, source_data.*, %s AS %s, %s AS %s,"
                            + " %s AS %s, snapshotted_data.%s%s FROM snapshotted_data LEFT JOIN deletes_source_data AS"
                            + " source_data ON %s WHERE %s%s)")
                    .formatted(
                            NOW,
                            updated,
                            NOW,
                            validFrom,
                            NOW,
                            validTo,
                            scdId,
                            newRecords() ? ", snapshotted_data." + deleted : "",
                            keysMatch("snapshotted_data", "source_data"),
                            keyIsNull("source_data"),
                            notAlreadyDeleted));
        }
        if (newRecords()) {
            // The deleted row's last values (columns the table lacks are NULL), as a version of its own.
            String values = queryColumns.stream()
                    .map(column -> (target.containsKey(column) ? "snapshotted_data." : "source_data.")
                            + Relation.quote(column))
                    .collect(Collectors.joining(", "));
            String keys = IntStream.rangeClosed(1, config.uniqueKey().size())
                    .mapToObj(i -> "snapshotted_data." + keyColumn(i))
                    .collect(Collectors.joining(", "));
            sql.append((",\ndeletion_records AS (SELECT 'insert'::text AS dbt_change_type, %s, %s, %s AS %s, %s AS %s,"
                            + " snapshotted_data.%s AS %s, %s AS %s, 'True'::text AS %s FROM snapshotted_data LEFT"
                            + " JOIN deletes_source_data AS source_data ON %s WHERE %s%s)")
                    .formatted(
                            values,
                            keys,
                            NOW,
                            updated,
                            NOW,
                            validFrom,
                            validTo,
                            validTo,
                            hash(List.of("snapshotted_data." + scdId, NOW)),
                            scdId,
                            deleted,
                            keysMatch("snapshotted_data", "source_data"),
                            keyIsNull("source_data"),
                            notAlreadyDeleted));
        }
        sql.append("\nSELECT * FROM insertions UNION ALL SELECT * FROM updates");
        if (deletes) {
            sql.append(" UNION ALL SELECT * FROM deletes");
        }
        if (newRecords()) {
            sql.append(" UNION ALL SELECT * FROM deletion_records");
        }
        return sql.toString();
    }

    /**
     * Whether a current row differs from the query's: {@code timestamp} compares its {@code dbt_valid_from} with the
     * query's {@code updated_at}; {@code check} compares the checked columns, NULLs included, and counts every row as
     * changed when the query has a column the table lacks.
     */
    private String rowChanged(Map<String, String> target, List<String> queryColumns) {
        if (config.strategy().equals("timestamp")) {
            return "snapshotted_data.%s < source_data.%s"
                    .formatted(
                            config.column(SnapshotConfig.VALID_FROM),
                            config.updatedAt().orElseThrow());
        }
        List<String> checked = config.checkCols().isEmpty() ? queryColumns : config.checkCols();
        if (checked.stream().anyMatch(column -> !target.containsKey(unquoted(column)))) {
            return "TRUE";
        }
        return checked.stream()
                .map(column -> {
                    String name = config.checkCols().isEmpty() ? Relation.quote(column) : column;
                    return "snapshotted_data.%1$s IS DISTINCT FROM source_data.%1$s".formatted(name);
                })
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static String unquoted(String column) {
        return column.startsWith("\"") && column.endsWith("\"") && column.length() > 1
                ? column.substring(1, column.length() - 1).replace("\"\"", "\"")
                : column.toLowerCase(java.util.Locale.ROOT);
    }

    private boolean newRecords() {
        return config.hardDeletes().equals("new_record");
    }

    /** {@code updated_at} for {@code timestamp}; for {@code check} the configured column, else the run's time. */
    private String updatedAtExpression() {
        return config.updatedAt().orElse(NOW);
    }

    /** The current rows' {@code dbt_valid_to}: NULL, or {@code dbt_valid_to_current}, typed as {@code updated_at}. */
    private String validToCurrent(String updatedAt) {
        return "coalesce(nullif(%1$s, %1$s), %2$s)"
                .formatted(updatedAt, config.validToCurrent().orElse("null"));
    }

    private String isCurrent(String alias) {
        String validTo = alias + "." + config.column(SnapshotConfig.VALID_TO);
        return config.validToCurrent()
                .map(current -> "(%s = %s OR %s IS NULL)".formatted(validTo, current, validTo))
                .orElse(validTo + " IS NULL");
    }

    /** dbt's {@code dbt_scd_id}: an md5 of the key's values and {@code updated_at}. */
    private String scdId(String updatedAt) {
        List<String> parts = new ArrayList<>(config.uniqueKey());
        parts.add(updatedAt);
        return hash(parts);
    }

    private static String hash(List<String> parts) {
        return parts.stream()
                .map(part -> "coalesce(cast(%s as varchar), '')".formatted(part))
                .collect(Collectors.joining(" || '|' || ", "md5(", ")"));
    }

    private String keyColumn(int index) {
        return config.compositeKey() ? "dbt_unique_key_" + index : "dbt_unique_key";
    }

    private String keyFields() {
        return IntStream.rangeClosed(1, config.uniqueKey().size())
                .mapToObj(i -> "%s AS %s".formatted(config.uniqueKey().get(i - 1), keyColumn(i)))
                .collect(Collectors.joining(", "));
    }

    private String keysMatch(String left, String right) {
        return IntStream.rangeClosed(1, config.uniqueKey().size())
                .mapToObj(i -> "%s.%s = %s.%s".formatted(left, keyColumn(i), right, keyColumn(i)))
                .collect(Collectors.joining(" AND "));
    }

    private String keyIsNull(String alias) {
        return alias + "." + keyColumn(1) + " IS NULL";
    }

    private String keyIsNotNull(String alias) {
        return alias + "." + keyColumn(1) + " IS NOT NULL";
    }

    /** dbt checks the table is a snapshot table before merging into it: its meta columns must be there. */
    private void requireSnapshotTable(Map<String, String> target) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String meta : List.of(SnapshotConfig.SCD_ID, SnapshotConfig.VALID_FROM, SnapshotConfig.VALID_TO)) {
            if (!target.containsKey(unquoted(config.column(meta)))) {
                missing.add(config.column(meta));
            }
        }
        if (newRecords() && !target.containsKey(unquoted(config.column(SnapshotConfig.IS_DELETED)))) {
            missing.add(config.column(SnapshotConfig.IS_DELETED));
        }
        if (!missing.isEmpty()) {
            throw new SQLException(("snapshot %s: %s exists but lacks the snapshot column(s) %s; it is not this"
                            + " snapshot's table (drop it, or give the snapshot another alias or target_schema)")
                    .formatted(model.name(), relation.qualifiedName(), String.join(", ", missing)));
        }
    }

    /** The query's columns, in order (what {@code check_cols: all} compares and new columns come from). */
    private List<String> queryColumns(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT * FROM (\n%s\n) AS snapshot_query LIMIT 0".formatted(model.compiledSql()))) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                columns.add(rows.getMetaData().getColumnName(i));
            }
            return columns;
        }
    }

    /** A relation's columns and their types, in order, by name. */
    private static Map<String, String> columns(Connection connection, String quotedRelation) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        Catalogs.columns(connection, quotedRelation).forEach(column -> columns.put(column.name(), column.type()));
        return columns;
    }

    private static void send(Connection connection, List<String> sent, String sql) throws SQLException {
        RelationMaterialization.send(connection, sent, sql);
    }
}
