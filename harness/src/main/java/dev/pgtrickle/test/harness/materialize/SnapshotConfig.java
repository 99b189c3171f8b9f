package dev.pgtrickle.test.harness.materialize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot's configuration as dbt reads it: the {@code strategy} ({@code timestamp} with {@code updated_at}, or
 * {@code check} with {@code check_cols}: a list or {@code all}), the {@code unique_key} (one column or expression, or
 * a list), {@code hard_deletes} ({@code ignore}, {@code invalidate}, {@code new_record}; the legacy {@code
 * invalidate_hard_deletes: true} means {@code invalidate}), the meta columns' names ({@code
 * snapshot_meta_column_names}) and {@code dbt_valid_to_current}.
 *
 * @param strategy {@code timestamp} or {@code check}
 * @param uniqueKey the key's columns or expressions
 * @param compositeKey whether {@code unique_key} was written as a list
 * @param updatedAt the {@code updated_at} column; for {@code check}, when set
 * @param checkCols the {@code check_cols} list; empty for {@code all}
 * @param hardDeletes {@code ignore}, {@code invalidate} or {@code new_record}
 * @param columns the meta columns' names by their dbt names ({@code dbt_valid_from} ...)
 * @param validToCurrent the SQL expression current rows carry in {@code dbt_valid_to}, instead of NULL
 */
record SnapshotConfig(
        String strategy,
        List<String> uniqueKey,
        boolean compositeKey,
        Optional<String> updatedAt,
        List<String> checkCols,
        String hardDeletes,
        Map<String, String> columns,
        Optional<String> validToCurrent) {

    static final String VALID_FROM = "dbt_valid_from";
    static final String VALID_TO = "dbt_valid_to";
    static final String SCD_ID = "dbt_scd_id";
    static final String UPDATED_AT = "dbt_updated_at";
    static final String IS_DELETED = "dbt_is_deleted";

    private static final List<String> META = List.of(VALID_TO, VALID_FROM, SCD_ID, UPDATED_AT, IS_DELETED);

    /** The name of meta column {@code dbtName} in this snapshot's table. */
    String column(String dbtName) {
        return columns.get(dbtName);
    }

    /**
     * @throws MaterializationConfigException naming the snapshot, its file and the setting, for what dbt refuses too
     */
    static SnapshotConfig of(ModelToBuild model) {
        Map<String, Object> config = model.config();
        String owner = "snapshot " + model.describe();
        String strategy = text(config.get("strategy"))
                .orElseThrow(() -> new MaterializationConfigException(
                        "%s has no 'strategy'; set strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)"
                                .formatted(owner)));
        if (!strategy.equals("timestamp") && !strategy.equals("check")) {
            throw new MaterializationConfigException(
                    "%s: strategy '%s' is not built by pgtrickle-test (only dbt's own 'timestamp' and 'check';"
                                    .formatted(owner, strategy)
                            + " a custom snapshot_<name>_strategy macro is not called)");
        }
        Object key = config.get("unique_key");
        if (key == null
                || (key instanceof List<?> list && list.isEmpty())
                || text(key).isEmpty()) {
            throw new MaterializationConfigException(
                    "%s has no 'unique_key'; set the column (or list of columns) that identifies a row"
                            .formatted(owner));
        }
        List<String> uniqueKey = key instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(key));
        Optional<String> updatedAt = text(config.get("updated_at"));
        List<String> checkCols = List.of();
        if (strategy.equals("timestamp") && updatedAt.isEmpty()) {
            throw new MaterializationConfigException(
                    "%s: strategy 'timestamp' needs 'updated_at', the column that says when a row last changed"
                            .formatted(owner));
        }
        if (strategy.equals("check")) {
            Object cols = config.get("check_cols");
            if (cols instanceof List<?> list && !list.isEmpty()) {
                checkCols = list.stream().map(String::valueOf).toList();
            } else if (!"all".equals(cols)) {
                throw new MaterializationConfigException(
                        "%s: strategy 'check' needs 'check_cols': a list of columns, or 'all'; found %s"
                                .formatted(owner, cols));
            }
        }
        return new SnapshotConfig(
                strategy,
                uniqueKey,
                key instanceof List<?>,
                updatedAt,
                checkCols,
                hardDeletes(config, owner),
                columnNames(config, owner),
                text(config.get("dbt_valid_to_current")));
    }

    private static String hardDeletes(Map<String, Object> config, String owner) {
        Optional<String> hardDeletes = text(config.get("hard_deletes")).map(s -> s.toLowerCase(Locale.ROOT));
        boolean legacy = "true".equalsIgnoreCase(String.valueOf(config.get("invalidate_hard_deletes")));
        if (hardDeletes.isEmpty()) {
            return legacy ? "invalidate" : "ignore";
        }
        if (!List.of("ignore", "invalidate", "new_record").contains(hardDeletes.get())) {
            throw new MaterializationConfigException(
                    "%s: hard_deletes must be 'ignore', 'invalidate' or 'new_record', not '%s'"
                            .formatted(owner, hardDeletes.get()));
        }
        return hardDeletes.get();
    }

    private static Map<String, String> columnNames(Map<String, Object> config, String owner) {
        Map<String, String> names = new LinkedHashMap<>();
        META.forEach(name -> names.put(name, name));
        Object given = config.get("snapshot_meta_column_names");
        if (given == null) {
            return names;
        }
        if (!(given instanceof Map<?, ?> map)) {
            throw new MaterializationConfigException(
                    "%s: snapshot_meta_column_names must be a mapping such as {dbt_valid_from: valid_from}"
                            .formatted(owner));
        }
        map.forEach((key, value) -> {
            if (!META.contains(String.valueOf(key))) {
                throw new MaterializationConfigException("%s: snapshot_meta_column_names has '%s'; its keys are %s"
                        .formatted(owner, key, String.join(", ", META)));
            }
            if (value != null && !String.valueOf(value).isBlank()) {
                names.put(String.valueOf(key), String.valueOf(value));
            }
        });
        return names;
    }

    private static Optional<String> text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
