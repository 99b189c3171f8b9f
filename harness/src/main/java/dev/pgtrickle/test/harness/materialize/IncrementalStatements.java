package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of dbt-postgres's incremental strategies, written for this project from the behaviour dbt documents: the
 * model's new rows sit in a temporary table, and each strategy moves them into the model's table. Key expressions and
 * predicates are inserted as written, as dbt inserts them (a mixed-case column must be quoted in the config); the
 * predicates see the table as {@code DBT_INTERNAL_DEST} and the new rows as {@code DBT_INTERNAL_SOURCE}, dbt's aliases.
 */
final class IncrementalStatements {

    private IncrementalStatements() {}

    /**
     * The statements that move the rows of {@code temp} into {@code target}.
     *
     * @param columns the columns to load (quoted when written out), in the table's order
     */
    static List<String> of(IncrementalConfig config, Relation target, String temp, List<String> columns) {
        return switch (config.strategy()) {
            case APPEND -> List.of(insert(target, temp, columns));
            case DELETE_INSERT -> deleteInsert(config, target, temp, columns);
            case MERGE -> List.of(merge(config, target, temp, columns));
        };
    }

    private static String insert(Relation target, String temp, List<String> columns) {
        String list = quotedList(columns);
        return "insert into %s (%s)\n(\n    select %s\n    from %s\n)".formatted(target.quoted(), list, list, temp);
    }

    /** Without a key, dbt's delete+insert is an insert. */
    private static List<String> deleteInsert(
            IncrementalConfig config, Relation target, String temp, List<String> columns) {
        if (config.uniqueKey().isEmpty()) {
            return List.of(insert(target, temp, columns));
        }
        String keys = String.join(", ", config.uniqueKey());
        StringBuilder delete = new StringBuilder(
                "delete from %s as DBT_INTERNAL_DEST\nwhere (%s) in (\n    select distinct %s\n    from %s as DBT_INTERNAL_SOURCE\n)"
                        .formatted(target.quoted(), keys, keys, temp));
        config.predicates().forEach(predicate -> delete.append("\nand ").append(predicate));
        return List.of(delete.toString(), insert(target, temp, columns));
    }

    /**
     * PostgreSQL's {@code MERGE} matching on every key expression and predicate; without a key nothing matches
     * ({@code on FALSE}) and every row is inserted, as dbt's merge does.
     */
    private static String merge(IncrementalConfig config, Relation target, String temp, List<String> columns) {
        List<String> conditions = new ArrayList<>(config.predicates());
        config.uniqueKey()
                .forEach(key -> conditions.add("DBT_INTERNAL_SOURCE.%s = DBT_INTERNAL_DEST.%s".formatted(key, key)));
        if (config.uniqueKey().isEmpty()) {
            conditions.add("FALSE");
        }
        StringBuilder merge =
                new StringBuilder("merge into %s as DBT_INTERNAL_DEST\nusing %s as DBT_INTERNAL_SOURCE\non %s"
                        .formatted(
                                target.quoted(),
                                temp,
                                conditions.stream()
                                        .map(each -> "(" + each + ")")
                                        .collect(Collectors.joining(" and "))));
        List<String> updated = updateColumns(config, columns);
        if (!config.uniqueKey().isEmpty() && !updated.isEmpty()) {
            merge.append("\nwhen matched then update set\n    ")
                    .append(updated.stream()
                            .map(column -> "%s = DBT_INTERNAL_SOURCE.%s".formatted(column, column))
                            .collect(Collectors.joining(",\n    ")));
        }
        String list = quotedList(columns);
        return merge.append("\nwhen not matched then insert\n    (%s)\nvalues\n    (%s)".formatted(list, list))
                .toString();
    }

    /** The columns a match updates, written out: dbt's {@code merge_update_columns} as given, else the others quoted. */
    private static List<String> updateColumns(IncrementalConfig config, List<String> columns) {
        if (!config.mergeUpdateColumns().isEmpty()) {
            return config.mergeUpdateColumns();
        }
        Set<String> excluded = config.mergeExcludeColumns().stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return columns.stream()
                .filter(column -> !excluded.contains(column.toLowerCase(Locale.ROOT)))
                .map(Relation::quote)
                .toList();
    }

    private static String quotedList(List<String> columns) {
        return columns.stream().map(Relation::quote).collect(Collectors.joining(", "));
    }
}
