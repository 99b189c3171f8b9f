package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code stream_table} model asks for, read and checked from its config.
 *
 * @param name the stream table: {@code stream_table_schema}.{@code stream_table_name}, defaulting to the model's
 *     relation
 * @param query the compiled defining query
 * @param schedule the schedule text, or empty for CALCULATED
 * @param refreshMode the refresh mode ({@code INCREMENTAL} read as {@code DIFFERENTIAL})
 * @param initialize whether create populates the table
 * @param status the status to enforce ({@code ACTIVE} or {@code SUSPENDED}), if configured
 * @param options the newer settings the model set, in a stable order
 * @param onQueryChange how a query change is applied
 * @param notes what the harness changed or could not honour, for the run result and the log
 */
record StreamTableSettings(
        Relation name,
        String query,
        Optional<String> schedule,
        RefreshMode refreshMode,
        boolean initialize,
        Optional<StreamTableStatus> status,
        Map<StreamTableOption, Object> options,
        QueryChangeStrategy onQueryChange,
        List<String> notes) {

    static final String DEFAULT_SCHEDULE = "1m";
    static final String ON_QUERY_CHANGE = "on_query_change";

    StreamTableSettings {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        notes = List.copyOf(notes);
    }

    /** Whether the schedule is CALCULATED. */
    boolean calculated() {
        return schedule.isEmpty();
    }

    /**
     * Read and check a model's stream table config.
     *
     * @param defaultRefreshMode the mode when the model sets none: the server's own default
     *     ({@link PgTrickleInfo#defaultRefreshMode()})
     * @param sessionDefault the query-change strategy when the model does not set {@code on_query_change}
     * @throws MaterializationConfigException naming the model, its file and the setting when a value is unusable
     */
    static StreamTableSettings from(
            ModelToBuild model, RefreshMode defaultRefreshMode, QueryChangeStrategy sessionDefault) {
        Map<String, Object> config = model.config();
        List<String> notes = new ArrayList<>();
        // Checked here; the name itself comes from the one rule the session shares.
        text(model, "stream_table_schema");
        text(model, "stream_table_name");

        Optional<String> schedule;
        if (config.containsKey("schedule") && config.get("schedule") == null) {
            schedule = Optional.empty();
        } else {
            String value = scalar(model, "schedule").orElse(DEFAULT_SCHEDULE).trim();
            if (value.isEmpty()) {
                throw invalid(
                        model,
                        "schedule",
                        "''",
                        "use a duration such as '1m' or '1h30m', a cron expression such as '*/5 * * * *', or none"
                                + " (null) for pg_trickle's CALCULATED schedule");
            }
            // YAML has no `none` literal: `schedule: none` in dbt_project.yml or a property file arrives as the text
            // "none", which is what the user means by Jinja's none (CALCULATED), not a duration.
            schedule = value.equalsIgnoreCase("calculated") || value.equalsIgnoreCase("none")
                    ? Optional.empty()
                    : Optional.of(value);
        }

        Optional<String> modeText = scalar(model, "refresh_mode");
        RefreshMode mode = modeText.isEmpty()
                ? defaultRefreshMode
                : RefreshMode.find(modeText.get())
                        .orElseThrow(() -> invalid(
                                model,
                                "refresh_mode",
                                "'" + config.get("refresh_mode") + "'",
                                "use one of " + RefreshMode.configSpellings()));

        boolean initialize = bool(model, "initialize").orElse(true);

        Optional<StreamTableStatus> status = scalar(model, "status").map(value -> status(model, value, notes));

        Map<StreamTableOption, Object> options = new LinkedHashMap<>();
        for (StreamTableOption option : StreamTableOption.values()) {
            Object raw = config.get(option.key());
            if (raw != null) {
                options.put(option, optionValue(model, option, raw));
            }
        }

        QueryChangeStrategy onQueryChange = scalar(model, ON_QUERY_CHANGE)
                .map(value -> switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "recreate" -> QueryChangeStrategy.RECREATE;
                    case "replace" -> QueryChangeStrategy.REPLACE;
                    default -> throw invalid(model, ON_QUERY_CHANGE, "'" + value + "'", "use recreate or replace");
                })
                .orElse(sessionDefault);

        return new StreamTableSettings(
                model.streamTableName(),
                model.compiledSql(),
                schedule,
                mode,
                initialize,
                status,
                options,
                onQueryChange,
                notes);
    }

    /**
     * A user may set a table ACTIVE or SUSPENDED; INITIALIZING and ERROR are pg_trickle's to set. dbt-pgtrickle
     * documents a PAUSED status that pg_trickle does not have: it is applied as SUSPENDED, with a note.
     */
    private static StreamTableStatus status(ModelToBuild model, String value, List<String> notes) {
        if (value.trim().equalsIgnoreCase(StreamTableStatus.DBT_PGTRICKLE_PAUSED)) {
            notes.add("status PAUSED was applied as SUSPENDED: pg_trickle has no PAUSED status (its CHECK allows %s);"
                            .formatted(StreamTableStatus.sqlNames())
                    + " set status: SUSPENDED to silence this");
            return StreamTableStatus.SUSPENDED;
        }
        return StreamTableStatus.find(value)
                .filter(status -> status == StreamTableStatus.ACTIVE || status == StreamTableStatus.SUSPENDED)
                .orElseThrow(() -> invalid(
                        model,
                        "status",
                        "'" + model.config().get("status") + "'",
                        "use ACTIVE or SUSPENDED (PAUSED is accepted and applied as SUSPENDED)"));
    }

    private static Object optionValue(ModelToBuild model, StreamTableOption option, Object raw) {
        String shown = raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
        switch (option.kind()) {
            case TEXT -> {
                if (raw instanceof String || raw instanceof Number) {
                    return raw.toString().trim();
                }
                throw invalid(model, option.key(), shown, "use a text value");
            }
            case BOOLEAN -> {
                return bool(model, option.key())
                        .orElseThrow(() -> invalid(model, option.key(), shown, "use true or false"));
            }
            case INTEGER -> {
                try {
                    return new BigDecimal(raw.toString().trim()).longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    throw invalid(model, option.key(), shown, "use a whole number");
                }
            }
            case DOUBLE -> {
                try {
                    return Double.parseDouble(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw invalid(model, option.key(), shown, "use a number such as 0.25");
                }
            }
            default -> throw new IllegalStateException(option.kind().name());
        }
    }

    private static Optional<String> scalar(ModelToBuild model, String key) {
        Object value = model.config().get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        throw invalid(model, key, String.valueOf(value), "use a single text value");
    }

    private static Optional<String> text(ModelToBuild model, String key) {
        Optional<String> value = scalar(model, key).map(String::trim);
        if (value.isPresent() && value.get().isEmpty()) {
            throw invalid(model, key, "''", "leave it unset or give a name");
        }
        return value;
    }

    private static Optional<Boolean> bool(ModelToBuild model, String key) {
        Object value = model.config().get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Optional.of(Boolean.parseBoolean(text));
        }
        throw invalid(model, key, "'" + value + "'", "use true or false");
    }

    /**
     * The value may come from any config layer, often not the model's file (a folder-wide {@code +refresh_mode} in
     * dbt_project.yml): say where to look.
     */
    private static final String WHERE_CONFIG_IS_SET =
            "%s is set in the model's config(), its property file's config: or a +%<s under models: in dbt_project.yml";

    static MaterializationConfigException invalid(ModelToBuild model, String key, String value, String fix) {
        return new MaterializationConfigException("%s: invalid config %s = %s; %s (%s)"
                .formatted(model.describe(), key, value, fix, WHERE_CONFIG_IS_SET.formatted(key)));
    }
}
