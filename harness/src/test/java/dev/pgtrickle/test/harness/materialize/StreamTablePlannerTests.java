package dev.pgtrickle.test.harness.materialize;

import static dev.pgtrickle.test.harness.materialize.Models.ERA_A;
import static dev.pgtrickle.test.harness.materialize.Models.ERA_B;
import static dev.pgtrickle.test.harness.materialize.Models.config;
import static dev.pgtrickle.test.harness.materialize.Models.streamTable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.materialize.ModelRunResult.SettingChange;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.PgTrickleInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lifecycle decisions, against catalog rows shaped as pg_trickle stores them. */
class StreamTablePlannerTests {

    private static final String QUERY = "SELECT customer_id, SUM(amount) AS total FROM public.raw_orders GROUP BY 1";

    private static StreamTableSettings wanted(String query, Map<String, Object> config) {
        return StreamTableSettings.from(
                streamTable("order_totals", query, config), RefreshMode.AUTO, QueryChangeStrategy.RECREATE);
    }

    private static StoredStreamTable stored(Object... columnsAndValues) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("defining_query", QUERY);
        columns.put("original_query", null);
        columns.put("schedule", "1m");
        columns.put("refresh_mode", "DIFFERENTIAL");
        columns.put("status", "ACTIVE");
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            columns.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new StoredStreamTable(new Relation("public", "order_totals"), columns);
    }

    private static StreamTablePlan plan(PgTrickleInfo server, StreamTableSettings wanted, StoredStreamTable stored) {
        return new StreamTablePlanner(server).plan(wanted, Optional.ofNullable(stored), false);
    }

    @Test
    void absentIsCreated() {
        assertThat(plan(ERA_B, wanted(QUERY, config()), null).action()).isEqualTo(RunAction.CREATED);
    }

    @Test
    void sameQueryAndSettingsIsUnchanged() {
        StreamTablePlan plan = plan(ERA_B, wanted(QUERY, config("refresh_mode", "DIFFERENTIAL")), stored());
        assertThat(plan.action()).isEqualTo(RunAction.UNCHANGED);
        assertThat(plan.alterArguments()).isEmpty();
    }

    @Test
    void whitespaceDifferencesAreNotAChange() {
        String reformatted =
                "\n  SELECT customer_id,\n         SUM(amount) AS total\n  FROM public.raw_orders\n" + "  GROUP BY 1\n";
        assertThat(plan(ERA_B, wanted(reformatted, config("refresh_mode", "DIFFERENTIAL")), stored())
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    void aQueryTheServerRewroteMatchesItsOriginalQuery() {
        StoredStreamTable rewritten = stored(
                "defining_query", "SELECT v.a FROM (SELECT a FROM public.t) v",
                "original_query", "SELECT a FROM public.v");
        assertThat(plan(ERA_B, wanted("SELECT a  FROM public.v", config("refresh_mode", "DIFFERENTIAL")), rewritten)
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
        assertThat(plan(ERA_B, wanted("SELECT a, b FROM public.v", config()), rewritten)
                        .reason())
                .contains(RecreateReason.QUERY_CHANGED);
    }

    @Test
    void changedQueryIsRecreated() {
        StreamTablePlan plan = plan(ERA_B, wanted(QUERY + " HAVING COUNT(*) > 1", config()), stored());
        assertThat(plan.action()).isEqualTo(RunAction.RECREATED);
        assertThat(plan.reason()).contains(RecreateReason.QUERY_CHANGED);
    }

    @Test
    void fullRefreshIsRecreatedEvenWhenNothingChanged() {
        StreamTablePlan plan = new StreamTablePlanner(ERA_B).plan(wanted(QUERY, config()), Optional.of(stored()), true);
        assertThat(plan.action()).isEqualTo(RunAction.RECREATED);
        assertThat(plan.reason()).contains(RecreateReason.FULL_REFRESH);
    }

    @Test
    void changedScheduleModeAndStatusAreAlteredWithOnlyTheDifferences() {
        StreamTablePlan plan = plan(
                ERA_B,
                wanted(QUERY, config("schedule", "5m", "refresh_mode", "FULL", "status", "SUSPENDED")),
                stored());
        assertThat(plan.action()).isEqualTo(RunAction.ALTERED);
        assertThat(plan.alterArguments())
                .containsExactly(
                        Map.entry("schedule", "'5m'"),
                        Map.entry("refresh_mode", "'FULL'"),
                        Map.entry("status", "'SUSPENDED'"));
        assertThat(plan.changes())
                .containsEntry("schedule", new SettingChange("1m", "5m"))
                .containsEntry("refresh_mode", new SettingChange("DIFFERENTIAL", "FULL"))
                .containsEntry("status", new SettingChange("ACTIVE", "SUSPENDED"));
    }

    @Test
    void autoMatchesWhateverTheServerResolvedItTo() {
        assertThat(plan(ERA_B, wanted(QUERY, config("refresh_mode", "AUTO")), stored("refresh_mode", "FULL"))
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    void calculatedIsAlteredAsTheKeywordOnNewServers() {
        StreamTablePlan plan = plan(ERA_B, wanted(QUERY, config("schedule", null)), stored());
        assertThat(plan.alterArguments()).containsEntry("schedule", "'calculated'");
        assertThat(plan.changes()).containsEntry("schedule", new SettingChange("1m", "CALCULATED"));
        assertThat(plan(ERA_B, wanted(QUERY, config("schedule", null)), stored("schedule", null))
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    void calculatedCannotBeAlteredOnOldServersAndSaysSo() {
        StreamTablePlan plan =
                plan(ERA_A, wanted(QUERY, config("schedule", null, "refresh_mode", "DIFFERENTIAL")), stored());
        assertThat(plan.action()).isEqualTo(RunAction.UNCHANGED);
        assertThat(plan.notes()).singleElement().asString().contains("CALCULATED can only be set at creation");
    }

    @Test
    void immediateTablesHaveNoScheduleToCompare() {
        assertThat(plan(
                                ERA_B,
                                wanted(QUERY, config("refresh_mode", "IMMEDIATE")),
                                stored("schedule", null, "refresh_mode", "IMMEDIATE"))
                        .action())
                .isEqualTo(RunAction.UNCHANGED);
    }

    @Test
    void replaceIsUsedWhenAskedAndSupported() {
        StreamTableSettings wanted = StreamTableSettings.from(
                streamTable("order_totals", QUERY + " HAVING COUNT(*) > 1", config("schedule", "5m")),
                RefreshMode.AUTO,
                QueryChangeStrategy.REPLACE);
        StreamTablePlan plan = plan(ERA_B, wanted, stored());
        assertThat(plan.action()).isEqualTo(RunAction.REPLACED);
        assertThat(plan.alterArguments()).containsOnlyKeys("schedule");
        assertThat(plan.changes()).containsKeys("query", "schedule");
    }

    @Test
    void replaceFallsBackToRecreateOnServersWithoutItAndSaysSo() {
        StreamTableSettings wanted = StreamTableSettings.from(
                streamTable("order_totals", "SELECT 2 FROM t", config()),
                RefreshMode.DIFFERENTIAL,
                QueryChangeStrategy.REPLACE);
        StreamTablePlan plan = plan(ERA_A, wanted, stored());
        assertThat(plan.action()).isEqualTo(RunAction.RECREATED);
        assertThat(plan.notes()).singleElement().asString().contains("on_query_change: replace is not possible");
    }

    @Test
    void newerSettingsAreComparedWithTheirCatalogColumns() {
        StoredStreamTable current =
                stored("requested_cdc_mode", "trigger", "is_append_only", false, "fuse_mode", "off");
        StreamTablePlan plan = plan(
                ERA_B,
                wanted(QUERY, config("refresh_mode", "DIFFERENTIAL", "cdc_mode", "TRIGGER", "append_only", true)),
                current);
        assertThat(plan.action()).isEqualTo(RunAction.ALTERED);
        assertThat(plan.alterArguments()).containsExactly(Map.entry("append_only", "true"));
    }

    @Test
    void createOnlySettingsThatDifferAreNotedNotAltered() {
        StreamTablePlan plan = plan(
                ERA_B,
                wanted(QUERY, config("refresh_mode", "DIFFERENTIAL", "storage_backend", "heap")),
                stored("storage_backend", "citus"));
        assertThat(plan.action()).isEqualTo(RunAction.UNCHANGED);
        assertThat(plan.notes()).singleElement().asString().contains("only takes it at creation");
    }

    @Test
    void settingsWithoutACatalogColumnAreNotedNotAltered() {
        StreamTablePlan plan =
                plan(ERA_B, wanted(QUERY, config("refresh_mode", "DIFFERENTIAL", "max_delta_fraction", 0.5)), stored());
        assertThat(plan.action()).isEqualTo(RunAction.UNCHANGED);
        assertThat(plan.notes()).singleElement().asString().contains("max_delta_fraction could not be compared");
    }
}
