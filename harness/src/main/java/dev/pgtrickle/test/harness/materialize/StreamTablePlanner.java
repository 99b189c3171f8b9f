package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the {@code stream_table} lifecycle step, as dbt-pgtrickle does, with its known defects fixed:
 *
 * <ul>
 *   <li>absent: create;
 *   <li>full refresh: drop and create;
 *   <li>query changed (whitespace-insensitive, against {@code defining_query} and, when the server rewrote the query,
 *       {@code original_query}): drop and create, or replace in place when asked and supported;
 *   <li>otherwise: alter the settings that differ, or nothing.
 * </ul>
 */
final class StreamTablePlanner {

    private final PgTrickleInfo server;

    StreamTablePlanner(PgTrickleInfo server) {
        this.server = server;
    }

    StreamTablePlan plan(StreamTableSettings wanted, Optional<StoredStreamTable> stored, boolean fullRefresh) {
        List<String> notes = new ArrayList<>(wanted.notes());
        if (stored.isEmpty()) {
            return new StreamTablePlan(RunAction.CREATED, Optional.empty(), Map.of(), Map.of(), notes);
        }
        StoredStreamTable current = stored.get();
        if (fullRefresh) {
            return new StreamTablePlan(
                    RunAction.RECREATED, Optional.of(RecreateReason.FULL_REFRESH), Map.of(), Map.of(), notes);
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        Map<String, SettingChange> changes = new LinkedHashMap<>();
        diffSettings(wanted, current, arguments, changes, notes);
        if (queryChanged(wanted.query(), current)) {
            if (wanted.onQueryChange() == QueryChangeStrategy.REPLACE) {
                if (server.hasCreateOrReplace() || server.alterAcceptsQuery()) {
                    changes.put("query", new SettingChange(current.definingQuery(), wanted.query()));
                    return new StreamTablePlan(RunAction.REPLACED, Optional.empty(), arguments, changes, notes);
                }
                notes.add("on_query_change: replace is not possible on %s (no create_or_replace_stream_table, no"
                                .formatted(server.describe())
                        + " alter_stream_table(query => ...)); the stream table was dropped and created instead");
            }
            return new StreamTablePlan(
                    RunAction.RECREATED, Optional.of(RecreateReason.QUERY_CHANGED), Map.of(), Map.of(), notes);
        }
        if (arguments.isEmpty()) {
            return new StreamTablePlan(RunAction.UNCHANGED, Optional.empty(), Map.of(), Map.of(), notes);
        }
        return new StreamTablePlan(RunAction.ALTERED, Optional.empty(), arguments, changes, notes);
    }

    /**
     * Whether the compiled query differs from the stored one. Whitespace runs are collapsed on both sides (as the
     * server's own create_or_replace does). The server stores its rewritten query in {@code defining_query} and the
     * user's text in {@code original_query} when a rewrite fired (views inlined, DISTINCT ON, GROUPING SETS, TopK, ...),
     * so a match with either means "unchanged".
     */
    static boolean queryChanged(String compiled, StoredStreamTable stored) {
        String wanted = SqlText.normalized(compiled);
        if (wanted.equals(SqlText.normalized(stored.definingQuery()))) {
            return false;
        }
        return stored.originalQuery()
                .map(original -> !wanted.equals(SqlText.normalized(original)))
                .orElse(true);
    }

    private void diffSettings(
            StreamTableSettings wanted,
            StoredStreamTable current,
            Map<String, String> arguments,
            Map<String, SettingChange> changes,
            List<String> notes) {
        boolean immediate = wanted.refreshMode() == RefreshMode.IMMEDIATE;
        // IMMEDIATE tables have no schedule (the server stores NULL), so there is nothing to compare.
        if (!immediate && !wanted.schedule().equals(current.schedule())) {
            if (wanted.calculated() && server.calculatedScheduleAsNull()) {
                notes.add(("schedule CALCULATED was not applied: on %s alter_stream_table treats NULL as 'keep', so"
                                + " CALCULATED can only be set at creation; run a full refresh")
                        .formatted(server.describe()));
            } else {
                arguments.put(
                        "schedule", wanted.schedule().map(SqlText::literal).orElse(SqlText.literal("calculated")));
                changes.put(
                        "schedule",
                        new SettingChange(scheduleText(current.schedule()), scheduleText(wanted.schedule())));
            }
        }
        String storedMode = current.refreshMode().toUpperCase(Locale.ROOT);
        if (wanted.refreshMode() == RefreshMode.AUTO) {
            // The catalog stores what AUTO resolved to (DIFFERENTIAL or FULL), never AUTO, and alter_stream_table
            // writes the mode as given into a column whose CHECK has no AUTO: sending it would fail. AUTO therefore
            // matches any stored mode.
        } else if (!wanted.refreshMode().sqlName().equals(storedMode)) {
            arguments.put("refresh_mode", SqlText.literal(wanted.refreshMode().sqlName()));
            changes.put(
                    "refresh_mode",
                    new SettingChange(storedMode, wanted.refreshMode().sqlName()));
        }
        if (wanted.status().isPresent() && !wanted.status().get().sqlName().equalsIgnoreCase(current.status())) {
            String status = wanted.status().get().sqlName();
            arguments.put("status", SqlText.literal(status));
            changes.put("status", new SettingChange(current.status(), status));
        }
        wanted.options().forEach((option, value) -> {
            Optional<String> column = option.catalogColumn();
            if (column.isEmpty() || !current.hasColumn(column.get())) {
                if (option.onAlter()) {
                    notes.add("%s could not be compared: the server's catalog has no column for it; not re-applied"
                            .formatted(option.key()));
                }
                return;
            }
            Object stored = current.value(column.get()).orElse(null);
            if (sameValue(option, stored, value)) {
                return;
            }
            if (!option.onAlter()) {
                notes.add("%s differs from the stored value (%s) but pg_trickle only takes it at creation; run a"
                                .formatted(option.key(), stored)
                        + " full refresh to apply it");
                return;
            }
            arguments.put(option.key(), literal(option, value));
            changes.put(option.key(), new SettingChange(String.valueOf(stored), String.valueOf(value)));
        });
    }

    static String scheduleText(Optional<String> schedule) {
        return schedule.orElse("CALCULATED");
    }

    static boolean sameValue(StreamTableOption option, Object stored, Object wanted) {
        if (stored == null) {
            return false;
        }
        return switch (option.kind()) {
            case TEXT -> stored.toString().trim().equalsIgnoreCase(wanted.toString());
            case BOOLEAN -> Boolean.parseBoolean(stored.toString()) == (Boolean) wanted;
            case INTEGER, DOUBLE -> new BigDecimal(stored.toString()).compareTo(new BigDecimal(wanted.toString())) == 0;
        };
    }

    /** The value as an SQL literal for its parameter. */
    static String literal(StreamTableOption option, Object value) {
        return switch (option.kind()) {
            case TEXT -> SqlText.literal(value.toString());
            case BOOLEAN, INTEGER -> value.toString();
            case DOUBLE -> BigDecimal.valueOf((Double) value).toPlainString();
        };
    }
}
