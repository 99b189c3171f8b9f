package dev.pgtrickle.test.harness.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shape of pg_trickle's catalog, views and helper functions: era B (0.67) as the reference describes it, and what
 * already held in 0.14.0, the first runnable image.
 */
interface CatalogContract extends ContractSupport {

    private Map<String, String> columnTypes(String schema, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : db().rows(("SELECT column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = '%s' AND table_name = '%s' ORDER BY ordinal_position")
                .formatted(schema, table))) {
            types.put((String) row.get("column_name"), (String) row.get("data_type"));
        }
        return types;
    }

    @Test
    @DisplayName("catalog: pgt_stream_tables has the columns dbt, the harness and users read, with their types")
    default void streamTablesCatalogColumns() throws SQLException {
        assertThat(columnTypes("pgtrickle", "pgt_stream_tables"))
                .contains(
                        entry("pgt_id", "bigint"),
                        entry("pgt_relid", "oid"),
                        entry("pgt_name", "text"),
                        entry("pgt_schema", "text"),
                        entry("defining_query", "text"),
                        entry("original_query", "text"),
                        entry("schedule", "text"),
                        entry("refresh_mode", "text"),
                        entry("status", "text"),
                        entry("is_populated", "boolean"),
                        entry("data_timestamp", "timestamp with time zone"),
                        entry("frontier", "jsonb"),
                        entry("last_refresh_at", "timestamp with time zone"),
                        entry("consecutive_errors", "integer"),
                        entry("needs_reinit", "boolean"),
                        entry("requested_cdc_mode", "text"),
                        entry("is_append_only", "boolean"),
                        entry("effective_refresh_mode", "text"),
                        entry("fuse_mode", "text"),
                        entry("fuse_ceiling", "bigint"),
                        entry("fuse_sensitivity", "integer"),
                        entry("st_partition_key", "text"),
                        entry("last_error_message", "text"),
                        entry("last_error_at", "timestamp with time zone"),
                        entry("created_at", "timestamp with time zone"),
                        entry("updated_at", "timestamp with time zone"));
        List<Map<String, Object>> unique = db().rows("SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i"
                + " WHERE i.indrelid = 'pgtrickle.pgt_stream_tables'::regclass AND i.indisunique");
        assertThat(unique)
                .extracting(row -> (String) row.get("def"))
                .anyMatch(def -> def.contains("(pgt_schema, pgt_name)"));
    }

    @Test
    @DisplayName("catalog: CHECK constraints refuse a PAUSED status and an AUTO refresh_mode")
    default void catalogChecks() throws SQLException {
        List<Map<String, Object>> checks = db().rows("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + " WHERE conrelid = 'pgtrickle.pgt_stream_tables'::regclass AND contype = 'c'");
        assertThat(checks)
                .extracting(row -> (String) row.get("def"))
                .anyMatch(
                        def -> def.contains("'INITIALIZING'") && def.contains("'SUSPENDED'") && !def.contains("PAUSED"))
                .anyMatch(
                        def -> def.contains("'DIFFERENTIAL'") && def.contains("'IMMEDIATE'") && !def.contains("AUTO"));
    }

    @Test
    @DisplayName("catalog: pgt_refresh_history columns, and history rows go with their stream table")
    default void refreshHistoryColumnsAndCascade() throws SQLException {
        assertThat(columnTypes("pgtrickle", "pgt_refresh_history"))
                .contains(
                        entry("refresh_id", "bigint"),
                        entry("pgt_id", "bigint"),
                        entry("data_timestamp", "timestamp with time zone"),
                        entry("start_time", "timestamp with time zone"),
                        entry("end_time", "timestamp with time zone"),
                        entry("action", "text"),
                        entry("rows_inserted", "bigint"),
                        entry("rows_deleted", "bigint"),
                        entry("error_message", "text"),
                        entry("status", "text"),
                        entry("initiated_by", "text"),
                        entry("freshness_deadline", "timestamp with time zone"));
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        Object id = totals().get("pgt_id");
        // The INITIAL row of the initial fill exists since 0.18.0; a manual refresh writes a MANUAL row since 0.5.0.
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_refresh_history WHERE pgt_id = " + id))
                .isEqualTo(initialHistoryRows());
        db().execute("INSERT INTO orders VALUES (5, 103, 1.00, 'e')");
        refresh("order_totals");
        assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_refresh_history WHERE pgt_id = " + id))
                .isEqualTo(initialHistoryRows() + 1);
        db().execute("SELECT pgtrickle.drop_stream_table('%s')".formatted(db().qualified("order_totals")));
        if (atLeast("0.22.0")) {
            // The foreign key ON DELETE CASCADE from pgt_refresh_history.pgt_id came with 0.22.0; before it, whether a
            // drop removes the history is not documented (era A kept it).
            assertThat(db().count("SELECT 1 FROM pgtrickle.pgt_refresh_history WHERE pgt_id = " + id))
                    .isZero();
        }
    }

    @Test
    @DisplayName("views: pg_stat_stream_tables and stream_tables_info expose staleness, stale and refresh counts")
    default void monitoringViews() throws SQLException {
        ordersTable();
        createTotals("1m", "DIFFERENTIAL");
        db().execute("SELECT pgtrickle.create_stream_table('%s', 'SELECT id FROM {s}.orders', 'calculated', 'FULL')"
                .formatted(db().qualified("order_ids")));
        Map<String, Object> stat = db().row(("SELECT * FROM pgtrickle.pg_stat_stream_tables"
                        + " WHERE pgt_schema = '%s' AND pgt_name = 'order_totals'")
                .formatted(db().schema()));
        assertThat(stat)
                .containsKeys(
                        "pgt_id",
                        "pgt_schema",
                        "pgt_name",
                        "status",
                        "refresh_mode",
                        "is_populated",
                        "data_timestamp",
                        "schedule",
                        "staleness",
                        "stale",
                        "consecutive_errors",
                        "needs_reinit",
                        "last_refresh_at",
                        "total_refreshes",
                        "successful_refreshes",
                        "failed_refreshes",
                        "total_rows_inserted",
                        "total_rows_deleted",
                        "avg_duration_ms",
                        "last_action",
                        "last_status",
                        "cdc_modes",
                        "refresh_tier");
        assertThat(stat.get("stale")).isEqualTo(false);
        assertThat(stat.get("staleness")).isNotNull();
        if (initialHistoryRows() > 0) {
            // The history aggregates see the INITIAL row (0.18.0 and later); before that a fresh table has no history.
            assertThat(stat.get("last_action")).isEqualTo("FULL");
            assertThat(stat.get("last_status")).isEqualTo("COMPLETED");
            // (Row counts of the INITIAL row are not documented, so total_rows_inserted is not asserted.)
            assertThat(((Number) stat.get("total_refreshes")).longValue()).isGreaterThanOrEqualTo(1);
        } else {
            assertThat(((Number) stat.get("total_refreshes")).longValue()).isZero();
        }
        // Since 0.14.0 staleness is measured from last_refresh_at (equal to data_timestamp right after a create).
        assertThat(db().value(("SELECT staleness <= now() - last_refresh_at + interval '1 second'"
                                + " FROM pgtrickle.pg_stat_stream_tables WHERE pgt_schema = '%s' AND pgt_name = 'order_totals'")
                        .formatted(db().schema())))
                .isEqualTo(true);
        // CALCULATED schedules have no staleness verdict.
        assertThat(db().value(("SELECT stale IS NULL FROM pgtrickle.pg_stat_stream_tables"
                                + " WHERE pgt_schema = '%s' AND pgt_name = 'order_ids'")
                        .formatted(db().schema())))
                .isEqualTo(true);
        Map<String, Object> info = db().row(("SELECT * FROM pgtrickle.stream_tables_info"
                        + " WHERE pgt_schema = '%s' AND pgt_name = 'order_totals'")
                .formatted(db().schema()));
        assertThat(info).containsKeys("defining_query", "frontier", "staleness", "stale", "is_topk");
        assertThat(info.get("stale")).isEqualTo(false);
    }

    @Test
    @DisplayName("parse_duration_seconds: seconds, compound units, NULL for anything else")
    default void parseDurationSeconds() throws SQLException {
        Map<String, Object> row = db().row("SELECT pgtrickle.parse_duration_seconds('90') AS bare,"
                + " pgtrickle.parse_duration_seconds('1h30m') AS compound,"
                + " pgtrickle.parse_duration_seconds('2m30s') AS minutes_seconds,"
                + " pgtrickle.parse_duration_seconds('1w') AS week,"
                + " pgtrickle.parse_duration_seconds('5ms') AS millis,"
                + " pgtrickle.parse_duration_seconds('1.5m') AS decimal,"
                + " pgtrickle.parse_duration_seconds('*/5 * * * *') AS cron,"
                + " pgtrickle.parse_duration_seconds(NULL) AS nothing");
        assertThat(row)
                .containsEntry("bare", 90L)
                .containsEntry("compound", 5400L)
                .containsEntry("minutes_seconds", 150L)
                .containsEntry("week", 604800L)
                .containsEntry("millis", null)
                .containsEntry("decimal", null)
                .containsEntry("cron", null)
                .containsEntry("nothing", null);
    }

    @Test
    @DisplayName("version(): the leading part is the pg_trickle version; the emulation says that it is one")
    default void versionFunction() throws SQLException {
        String version = (String) db().value("SELECT pgtrickle.version()");
        assertThat(version).matches("^\\d+\\.\\d+\\.\\d+.*");
        boolean emulated = db().count("SELECT 1 FROM pg_extension WHERE extname = 'pg_trickle'") == 0;
        if (emulated) {
            assertThat(version).startsWith("0.67.0").contains("emulation");
        }
    }

    @Test
    @DisplayName("functions: the lifecycle API has the real parameter names and defaults")
    default void functionSignatures() throws SQLException {
        Map<String, Object> row = db().row("SELECT"
                + " (SELECT pg_get_function_arguments(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'pgtrickle' AND p.proname = 'drop_stream_table') AS drop_args,"
                + " (SELECT pg_get_function_arguments(p.oid) FROM pg_proc p WHERE p.oid ="
                + "   'pgtrickle.refresh_stream_table(text)'::regprocedure) AS refresh_args,"
                + " (SELECT proargnames[1:5] FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'pgtrickle' AND p.proname = 'create_stream_table') AS create_names,"
                + " (SELECT pronargs FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'pgtrickle' AND p.proname = 'create_stream_table') AS create_count,"
                + " (SELECT pronargs FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'pgtrickle' AND p.proname = 'create_or_replace_stream_table') AS replace_count,"
                + " (SELECT 'query' = ANY (proargnames) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'pgtrickle' AND p.proname = 'alter_stream_table') AS alter_has_query");
        // drop_stream_table: one argument before 0.15.0, cascade DEFAULT true from 0.15.0, DEFAULT false from 0.22.0.
        String dropArgs = atLeast("0.22.0")
                ? "name text, cascade boolean DEFAULT false"
                : atLeast("0.15.0") ? "name text, cascade boolean DEFAULT true" : "name text";
        assertThat((String) row.get("drop_args")).isEqualTo(dropArgs);
        assertThat((String) row.get("refresh_args")).isEqualTo("name text");
        assertThat(row.get("create_names").toString()).isEqualTo("{name,query,schedule,refresh_mode,initialize}");
        if (referenceEra()) {
            // The reference gives the 0.67 parameter lists; older versions have fewer (0.14.0: 13 and 13).
            assertThat(((Number) row.get("create_count")).intValue()).isEqualTo(19);
            assertThat(((Number) row.get("replace_count")).intValue()).isEqualTo(16);
        } else {
            assertThat(((Number) row.get("create_count")).intValue()).isGreaterThanOrEqualTo(5);
            assertThat(((Number) row.get("replace_count")).intValue()).isGreaterThanOrEqualTo(5);
        }
        assertThat(row.get("alter_has_query")).isEqualTo(true);
    }

    @Test
    @DisplayName("settings: the pg_trickle.* values of the runnable image answer in every session")
    default void settings() throws SQLException {
        // missing_ok = true: a parameter an older version does not define answers NULL instead of failing the query.
        Map<String, Object> row = db().row("SELECT current_setting('pg_trickle.enabled', true) AS enabled,"
                + " current_setting('pg_trickle.min_schedule_seconds', true) AS min_schedule,"
                + " current_setting('pg_trickle.max_consecutive_errors', true) AS max_errors,"
                + " current_setting('pg_trickle.block_source_ddl', true) AS block_ddl,"
                + " current_setting('pg_trickle.cdc_paused', true) AS cdc_paused");
        assertThat(row)
                .containsEntry("enabled", "on")
                .containsEntry("min_schedule", "1")
                .containsEntry("max_errors", "3")
                // block_source_ddl defaults to on since 0.11.0.
                .containsEntry("block_ddl", "on");
        if (referenceEra()) {
            // cdc_paused is an era-B setting (upstream's release notes place it in 0.35); absent from 0.14.0.
            assertThat(row).containsEntry("cdc_paused", "off");
        }
    }
}
