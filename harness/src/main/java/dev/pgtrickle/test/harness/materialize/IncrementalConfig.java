package dev.pgtrickle.test.harness.materialize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How an incremental model adds its new rows to its table, read from the model's config as dbt-postgres reads it:
 * {@code incremental_strategy} (default {@code delete+insert} with a {@code unique_key}, {@code append} without),
 * {@code unique_key} (one SQL expression or a list), {@code incremental_predicates} (or dbt's older {@code predicates}),
 * {@code on_schema_change}, {@code merge_update_columns} / {@code merge_exclude_columns}.
 *
 * @param strategy the strategy to run
 * @param uniqueKey the key expressions, as written (dbt inserts them into the SQL unquoted); empty without a key
 * @param predicates extra conditions on the rows of the table a {@code delete+insert} or {@code merge} may touch
 * @param onSchemaChange what to do when the model's columns differ from the table's
 * @param mergeUpdateColumns the only columns a {@code merge} updates, as written; empty for every column
 * @param mergeExcludeColumns columns a {@code merge} leaves as they are
 * @param notes what was read differently from what was written (an unknown {@code on_schema_change})
 */
record IncrementalConfig(
        Strategy strategy,
        List<String> uniqueKey,
        List<String> predicates,
        OnSchemaChange onSchemaChange,
        List<String> mergeUpdateColumns,
        List<String> mergeExcludeColumns,
        List<String> notes) {

    /** The strategies pgtrickle-test runs, by dbt's names. */
    enum Strategy {
        /** Insert every new row. */
        APPEND("append"),
        /** Delete the table's rows whose key is among the new rows', then insert the new rows. */
        DELETE_INSERT("delete+insert"),
        /** PostgreSQL's {@code MERGE}: update the rows whose key matches, insert the others. */
        MERGE("merge");

        final String dbtName;

        Strategy(String dbtName) {
            this.dbtName = dbtName;
        }

        static Optional<Strategy> find(String dbtName) {
            return Arrays.stream(values())
                    .filter(each -> each.dbtName.equals(dbtName))
                    .findFirst();
        }

        static String names() {
            return Arrays.stream(values()).map(each -> each.dbtName).collect(Collectors.joining(", "));
        }
    }

    /** dbt's {@code on_schema_change} values. */
    enum OnSchemaChange {
        /** Load the table's columns only (dbt's default). */
        IGNORE("ignore"),
        /** Fail the model when the columns differ. */
        FAIL("fail"),
        /** Add the model's new columns to the table; keep the ones it no longer has. */
        APPEND_NEW_COLUMNS("append_new_columns"),
        /** Add new columns, drop the ones the model no longer has, change the types that changed. */
        SYNC_ALL_COLUMNS("sync_all_columns");

        final String dbtName;

        OnSchemaChange(String dbtName) {
            this.dbtName = dbtName;
        }
    }

    /**
     * The incremental config of {@code model}.
     *
     * @throws MaterializationConfigException naming the model and what is accepted, for a strategy pgtrickle-test
     *     does not run or a value of the wrong shape
     */
    static IncrementalConfig of(ModelToBuild model) {
        Map<String, Object> config = model.config();
        List<String> uniqueKey = expressions(config.get("unique_key"), "unique_key", model);
        Object predicates =
                config.get("predicates") != null ? config.get("predicates") : config.get("incremental_predicates");
        List<String> notes = new ArrayList<>();
        IncrementalConfig read = new IncrementalConfig(
                strategy(config.get("incremental_strategy"), uniqueKey, model),
                uniqueKey,
                expressions(predicates, "incremental_predicates", model),
                onSchemaChange(config.get("on_schema_change"), notes),
                expressions(config.get("merge_update_columns"), "merge_update_columns", model),
                expressions(config.get("merge_exclude_columns"), "merge_exclude_columns", model),
                notes);
        if (read.strategy() == Strategy.MERGE
                && !read.mergeUpdateColumns().isEmpty()
                && !read.mergeExcludeColumns().isEmpty()) {
            throw new MaterializationConfigException(
                    "%s: merge_update_columns and merge_exclude_columns are both set; dbt accepts one of them"
                            .formatted(model.describe()));
        }
        return read;
    }

    private static Strategy strategy(Object configured, List<String> uniqueKey, ModelToBuild model) {
        if (configured == null || String.valueOf(configured).isBlank()) {
            // dbt-postgres's default strategy.
            return uniqueKey.isEmpty() ? Strategy.APPEND : Strategy.DELETE_INSERT;
        }
        String name = String.valueOf(configured).trim();
        return Strategy.find(name)
                .orElseThrow(() -> new MaterializationConfigException(
                        "%s: incremental_strategy '%s' is not supported; pgtrickle-test runs %s (%s)"
                                .formatted(model.describe(), name, Strategy.names(), whyNot(name))));
    }

    private static String whyNot(String name) {
        return switch (name) {
            case "microbatch" ->
                "dbt runs microbatch models batch by batch of event_time, which pgtrickle-test does not;"
                        + " use merge or delete+insert with a unique_key and an is_incremental() filter";
            case "insert_overwrite" -> "dbt-postgres does not offer insert_overwrite either";
            default ->
                "dbt would look for a project macro get_incremental_%s_sql; custom strategies are not run here"
                        .formatted(name.replace('+', '_'));
        };
    }

    private static OnSchemaChange onSchemaChange(Object configured, List<String> notes) {
        if (configured == null) {
            return OnSchemaChange.IGNORE;
        }
        String value = String.valueOf(configured).trim();
        for (OnSchemaChange each : OnSchemaChange.values()) {
            if (each.dbtName.equals(value)) {
                return each;
            }
        }
        // dbt logs this and goes on with the default; say it where the user looks.
        notes.add(("on_schema_change '%s' is not one of ignore, fail, append_new_columns, sync_all_columns;"
                        + " 'ignore' applies, as in dbt")
                .formatted(value));
        return OnSchemaChange.IGNORE;
    }

    /** A config value that is one SQL expression or a list of them; none, an empty text or list mean none. */
    private static List<String> expressions(Object value, String key, ModelToBuild model) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text.trim());
        }
        if (value instanceof Iterable<?> items) {
            List<String> expressions = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String text) || text.isBlank()) {
                    throw new MaterializationConfigException(
                            "%s: %s must be a text or a list of texts, found the item %s in %s"
                                    .formatted(model.describe(), key, item, value));
                }
                expressions.add(text.trim());
            }
            return List.copyOf(expressions);
        }
        throw new MaterializationConfigException(
                "%s: %s must be a text or a list of texts, found %s".formatted(model.describe(), key, value));
    }
}
