package dev.pgtrickle.test.harness.materialize;

import static dev.pgtrickle.test.harness.materialize.Models.config;
import static dev.pgtrickle.test.harness.materialize.Models.streamTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.project.Relation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTableSettingsTests {

    private static StreamTableSettings read(Map<String, Object> config) {
        return StreamTableSettings.from(
                streamTable("order_totals", "SELECT 1 FROM t", config), RefreshMode.AUTO, QueryChangeStrategy.RECREATE);
    }

    @Test
    void defaultsFollowThePlanAndTheServer() {
        StreamTableSettings settings = read(config());
        assertThat(settings.name()).isEqualTo(new Relation("public", "order_totals"));
        assertThat(settings.schedule()).contains("1m");
        assertThat(settings.refreshMode()).isEqualTo(RefreshMode.AUTO);
        assertThat(settings.initialize()).isTrue();
        assertThat(settings.status()).isEmpty();
        assertThat(settings.options()).isEmpty();
        assertThat(settings.onQueryChange()).isEqualTo(QueryChangeStrategy.RECREATE);
    }

    @Test
    void scheduleNoneAndCalculatedMeanCalculated() {
        assertThat(read(config("schedule", null)).calculated()).isTrue();
        assertThat(read(config("schedule", "Calculated")).calculated()).isTrue();
        assertThat(read(config("schedule", 90)).schedule()).contains("90");
    }

    @Test
    void scheduleNoneWrittenInYamlIsCalculated() {
        // `+schedule: none` in dbt_project.yml or `config: {schedule: none}` in a property file is the text "none".
        assertThat(read(config("schedule", "none")).calculated()).isTrue();
        assertThat(read(config("schedule", "None")).calculated()).isTrue();
    }

    @Test
    void incrementalIsDifferentialAndModesAreUpperCased() {
        assertThat(read(config("refresh_mode", "incremental")).refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(read(config("refresh_mode", "full")).refreshMode()).isEqualTo(RefreshMode.FULL);
    }

    @Test
    void pausedBecomesSuspendedWithANote() {
        StreamTableSettings settings = read(config("status", "paused"));
        assertThat(settings.status()).contains(StreamTableStatus.SUSPENDED);
        assertThat(settings.notes()).singleElement().asString().contains("PAUSED was applied as SUSPENDED");
    }

    @Test
    void streamTableNameAndSchemaOverrideTheRelation() {
        StreamTableSettings settings = read(config("stream_table_name", "totals", "stream_table_schema", "analytics"));
        assertThat(settings.name()).isEqualTo(new Relation("analytics", "totals"));
    }

    @Test
    void newerKeysAreTypedAndKeptOnlyWhenSet() {
        StreamTableSettings settings = read(config(
                "cdc_mode", "trigger",
                "append_only", "true",
                "max_differential_joins", 4,
                "max_delta_fraction", "0.25",
                "fuse", "auto",
                "partition_by", null));
        assertThat(settings.options())
                .containsEntry(StreamTableOption.CDC_MODE, "trigger")
                .containsEntry(StreamTableOption.APPEND_ONLY, true)
                .containsEntry(StreamTableOption.MAX_DIFFERENTIAL_JOINS, 4L)
                .containsEntry(StreamTableOption.MAX_DELTA_FRACTION, 0.25)
                .containsEntry(StreamTableOption.FUSE, "auto")
                .doesNotContainKey(StreamTableOption.PARTITION_BY);
    }

    @Test
    void onQueryChangeReplaceIsReadPerModel() {
        assertThat(read(config("on_query_change", "REPLACE")).onQueryChange()).isEqualTo(QueryChangeStrategy.REPLACE);
    }

    @Test
    void unknownRefreshModeNamesModelFileAndValues() {
        assertThatThrownBy(() -> read(config("refresh_mode", "LAZY")))
                .isInstanceOf(MaterializationConfigException.class)
                .hasMessage("model 'order_totals' (models/order_totals.sql): invalid config refresh_mode = 'LAZY';"
                        + " use one of FULL, DIFFERENTIAL (alias INCREMENTAL), AUTO, IMMEDIATE"
                        + " (refresh_mode is set in the model's config(), its property file's config: or a"
                        + " +refresh_mode under models: in dbt_project.yml)");
    }

    @Test
    void unknownStatusIsRefused() {
        assertThatThrownBy(() -> read(config("status", "ERROR")))
                .hasMessageContaining("models/order_totals.sql")
                .hasMessageContaining("invalid config status = 'ERROR'; use ACTIVE or SUSPENDED");
    }

    @Test
    void emptyScheduleIsRefused() {
        assertThatThrownBy(() -> read(config("schedule", "  ")))
                .hasMessageContaining("invalid config schedule = ''")
                .hasMessageContaining("or none (null) for pg_trickle's CALCULATED schedule");
    }

    @Test
    void nonBooleanInitializeIsRefused() {
        assertThatThrownBy(() -> read(config("initialize", "yes")))
                .hasMessageContaining("invalid config initialize = 'yes'; use true or false");
    }

    @Test
    void wronglyTypedNewerKeysAreRefused() {
        assertThatThrownBy(() -> read(config("max_differential_joins", "many")))
                .hasMessageContaining("invalid config max_differential_joins = 'many'; use a whole number");
        assertThatThrownBy(() -> read(config("max_delta_fraction", "half")))
                .hasMessageContaining("invalid config max_delta_fraction = 'half'; use a number such as 0.25");
        assertThatThrownBy(() -> read(config("append_only", 3)))
                .hasMessageContaining("invalid config append_only = '3'; use true or false");
        assertThatThrownBy(() -> read(config("cdc_mode", java.util.List.of("a"))))
                .hasMessageContaining("invalid config cdc_mode = [a]; use a text value");
    }

    @Test
    void unknownOnQueryChangeIsRefused() {
        assertThatThrownBy(() -> read(config("on_query_change", "patch")))
                .hasMessageContaining("invalid config on_query_change = 'patch'; use recreate or replace");
    }

    @Test
    void emptyStreamTableNameIsRefused() {
        assertThatThrownBy(() -> read(config("stream_table_name", "")))
                .hasMessageContaining("invalid config stream_table_name = ''; leave it unset or give a name");
    }

    @Test
    void nonScalarScheduleIsRefused() {
        assertThatThrownBy(() -> read(config("schedule", Map.of("every", "1m"))))
                .hasMessageContaining("invalid config schedule = {every=1m}; use a single text value");
    }
}
