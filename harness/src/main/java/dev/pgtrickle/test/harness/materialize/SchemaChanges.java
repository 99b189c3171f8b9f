package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.db.Catalogs.Column;
import dev.pgtrickle.test.harness.project.Relation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How an incremental model's columns (its new rows') differ from its table's, as dbt compares them for
 * {@code on_schema_change}: by exact name, and by type with the modifier ({@code character varying(10)}), where a
 * {@code character varying} that fits in the table's is no change.
 *
 * @param added columns of the model the table lacks
 * @param removed columns of the table the model no longer has
 * @param retyped columns of the model whose type the table's column cannot take, with the model's type
 */
record SchemaChanges(List<Column> added, List<Column> removed, List<Column> retyped) {

    /** Compares the model's columns ({@code source}) with the table's ({@code target}). */
    static SchemaChanges between(List<Column> source, List<Column> target) {
        Map<String, Column> targetByName = byName(target);
        Map<String, Column> sourceByName = byName(source);
        List<Column> added = new ArrayList<>();
        List<Column> retyped = new ArrayList<>();
        for (Column column : source) {
            Column existing = targetByName.get(column.name());
            if (existing == null) {
                added.add(column);
            } else if (!column.type().equals(existing.type()) && !fitsIn(column, existing)) {
                retyped.add(column);
            }
        }
        List<Column> removed = target.stream()
                .filter(column -> !sourceByName.containsKey(column.name()))
                .toList();
        return new SchemaChanges(List.copyOf(added), removed, List.copyOf(retyped));
    }

    /** A shorter {@code character varying} goes into a longer one unchanged. */
    private static boolean fitsIn(Column source, Column target) {
        return source.varcharLength().isPresent()
                && target.varcharLength().isPresent()
                && source.varcharLength().getAsInt() <= target.varcharLength().getAsInt();
    }

    private static Map<String, Column> byName(List<Column> columns) {
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(column -> byName.put(column.name(), column));
        return byName;
    }

    /** Whether anything differs. */
    boolean changed() {
        return !added.isEmpty() || !removed.isEmpty() || !retyped.isEmpty();
    }

    /**
     * What differs, for messages: {@code new in the model: "b" text; gone from the model: "c"; retyped: "d" now
     * bigint (was integer)}.
     */
    String describe(List<Column> target) {
        Map<String, Column> targetByName = byName(target);
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new in the model: " + declarations(added));
        }
        if (!removed.isEmpty()) {
            parts.add("gone from the model: " + declarations(removed));
        }
        if (!retyped.isEmpty()) {
            parts.add("retyped: "
                    + retyped.stream()
                            .map(column -> "%s now %s (was %s)"
                                    .formatted(
                                            Relation.quote(column.name()),
                                            column.type(),
                                            targetByName.get(column.name()).type()))
                            .collect(Collectors.joining(", ")));
        }
        return String.join("; ", parts);
    }

    private static String declarations(List<Column> columns) {
        return columns.stream()
                .map(column -> Relation.quote(column.name()) + " " + column.type())
                .collect(Collectors.joining(", "));
    }
}
