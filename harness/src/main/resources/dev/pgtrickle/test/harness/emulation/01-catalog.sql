-- pgtrickle-test emulation of pg_trickle 0.67 (era B), part 1: schemas, catalog, history, views, small helpers.
-- Our own code, written from the documented facts of the real extension's SQL API; it is NOT pg_trickle.
-- Column names, types, defaults and CHECK constraints follow the real 0.67.0 catalog so that anything reading the
-- catalog (dbt macros, the harness, users' tests) sees the same shape.

CREATE SCHEMA pgtrickle;
CREATE SCHEMA pgtrickle_changes;
REVOKE ALL ON SCHEMA pgtrickle_changes FROM PUBLIC;

CREATE TABLE pgtrickle.pgt_stream_tables (
    pgt_id bigserial PRIMARY KEY,
    pgt_relid oid NOT NULL UNIQUE,
    pgt_name text NOT NULL,
    pgt_schema text NOT NULL,
    defining_query text NOT NULL,
    original_query text,
    schedule text,
    refresh_mode text NOT NULL DEFAULT 'DIFFERENTIAL'
        CHECK (refresh_mode IN ('FULL', 'DIFFERENTIAL', 'IMMEDIATE')),
    status text NOT NULL DEFAULT 'INITIALIZING'
        CHECK (status IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR')),
    is_populated boolean NOT NULL DEFAULT false,
    data_timestamp timestamptz,
    frontier jsonb,
    last_refresh_at timestamptz,
    consecutive_errors int NOT NULL DEFAULT 0,
    needs_reinit boolean NOT NULL DEFAULT false,
    auto_threshold double precision,
    last_full_ms double precision,
    functions_used text[],
    topk_limit int,
    topk_order_by text,
    topk_offset int,
    diamond_consistency text NOT NULL DEFAULT 'atomic' CHECK (diamond_consistency IN ('none', 'atomic')),
    diamond_schedule_policy text NOT NULL DEFAULT 'fastest'
        CHECK (diamond_schedule_policy IN ('fastest', 'slowest')),
    has_keyless_source boolean NOT NULL DEFAULT false,
    function_hashes text,
    requested_cdc_mode text CHECK (requested_cdc_mode IN ('auto', 'trigger', 'wal')),
    is_append_only boolean NOT NULL DEFAULT false,
    scc_id int,
    last_fixpoint_iterations int,
    max_differential_joins int,
    max_delta_fraction double precision,
    pooler_compatibility_mode boolean NOT NULL DEFAULT false,
    refresh_tier text NOT NULL DEFAULT 'hot' CHECK (refresh_tier IN ('hot', 'warm', 'cold', 'frozen')),
    effective_refresh_mode text,
    fuse_mode text NOT NULL DEFAULT 'off' CHECK (fuse_mode IN ('off', 'on', 'auto')),
    fuse_state text NOT NULL DEFAULT 'armed' CHECK (fuse_state IN ('armed', 'blown', 'disabled')),
    fuse_ceiling bigint,
    fuse_sensitivity int,
    blown_at timestamptz,
    blow_reason text,
    last_error_message text,
    last_error_at timestamptz,
    downstream_publication_name text,
    freshness_deadline_ms bigint,
    st_partition_key text,
    st_placement text NOT NULL DEFAULT 'local',
    temporal_mode boolean NOT NULL DEFAULT false,
    storage_backend text NOT NULL DEFAULT 'heap',
    post_refresh_action text NOT NULL DEFAULT 'none'
        CHECK (post_refresh_action IN ('none', 'analyze', 'reindex', 'reindex_if_drift')),
    reindex_drift_threshold double precision,
    rows_changed_since_last_reindex bigint NOT NULL DEFAULT 0,
    last_reindex_at timestamptz,
    column_lineage jsonb,
    defining_query_hash bigint NOT NULL DEFAULT 0,
    ducklake_compaction_policy text,
    ducklake_sink_mode text,
    ducklake_sink_path text,
    ducklake_sink_table_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_pgt_status ON pgtrickle.pgt_stream_tables (status);
CREATE UNIQUE INDEX idx_pgt_name ON pgtrickle.pgt_stream_tables (pgt_schema, pgt_name);
CREATE INDEX idx_pgt_relid ON pgtrickle.pgt_stream_tables (pgt_relid);

CREATE TABLE pgtrickle.pgt_dependencies (
    pgt_id bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    source_relid oid NOT NULL,
    source_type text NOT NULL CHECK (source_type IN ('TABLE', 'STREAM_TABLE', 'VIEW', 'MATVIEW', 'FOREIGN_TABLE')),
    columns_used text[],
    column_snapshot jsonb,
    schema_fingerprint text,
    cdc_mode text NOT NULL DEFAULT 'TRIGGER' CHECK (cdc_mode IN ('TRIGGER', 'TRANSITIONING', 'WAL')),
    slot_name text,
    decoder_confirmed_lsn pg_lsn,
    transition_started_at timestamptz,
    PRIMARY KEY (pgt_id, source_relid)
);

CREATE TABLE pgtrickle.pgt_refresh_history (
    refresh_id bigserial PRIMARY KEY,
    pgt_id bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    data_timestamp timestamptz NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz,
    action text NOT NULL CHECK (action IN ('NO_DATA', 'FULL', 'DIFFERENTIAL', 'REINITIALIZE', 'SKIP')),
    rows_inserted bigint DEFAULT 0,
    rows_deleted bigint DEFAULT 0,
    delta_row_count bigint DEFAULT 0,
    merge_strategy_used text,
    was_full_fallback boolean NOT NULL DEFAULT false,
    error_message text,
    status text NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED')),
    initiated_by text CHECK (initiated_by IN ('SCHEDULER', 'MANUAL', 'INITIAL', 'SELF_MONITOR')),
    freshness_deadline timestamptz,
    tick_watermark_lsn pg_lsn,
    fixpoint_iteration int
);
CREATE INDEX idx_pgt_refresh_history_pgt ON pgtrickle.pgt_refresh_history (pgt_id, refresh_id);

-- Emulation-private state (not part of the real catalog): what the user asked for and cron bookkeeping.
CREATE TABLE pgtrickle._emulation_state (
    pgt_id bigint PRIMARY KEY REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    requested_refresh_mode text NOT NULL,
    downgrade_reason text,
    cron_next_at timestamptz,
    -- The real scheduler keeps its retry state for retryable failures in memory, never in the catalog.
    retry_attempts integer NOT NULL DEFAULT 0,
    retry_at timestamptz,
    -- The query that fills the auxiliary storage columns (_emulation_aux_plan); NULL when the table has none.
    aux_query text,
    -- Output columns that are a plain SUM: a differential refresh stores 0 for their NULLs (_emulation_aux_plan).
    sum_columns text[] NOT NULL DEFAULT '{}'
);

-- Change capture: one version counter per captured source relation, bumped by statement-level triggers whenever a
-- statement really changed rows (or truncated). A stream table's frontier records the versions it last saw.
CREATE TABLE pgtrickle_changes.source_versions (
    source_relid oid PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0,
    last_change_at timestamptz
);

-- Durations: a bare integer is seconds, else <n><unit> groups with units s m h d w (lower case). NULL when invalid,
-- for cron expressions and for 'calculated', as the real function does.
CREATE FUNCTION pgtrickle.parse_duration_seconds(input text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    s text := btrim(input);
    total bigint := 0;
    m text[];
BEGIN
    IF s ~ '^[0-9]+$' THEN
        RETURN s::bigint;
    END IF;
    IF s !~ '^([0-9]+[smhdw])+$' THEN
        RETURN NULL;
    END IF;
    FOR m IN SELECT regexp_matches(s, '([0-9]+)([smhdw])', 'g') LOOP
        total := total + m[1]::bigint * CASE m[2]
            WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 ELSE 604800 END;
    END LOOP;
    RETURN total;
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN NULL;
END
$$;

CREATE FUNCTION pgtrickle.version() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT '0.67.0-pgtrickle-test-emulation'::text $$;

CREATE VIEW pgtrickle.pg_stat_stream_tables AS
SELECT st.pgt_id,
       st.pgt_schema,
       st.pgt_name,
       st.status,
       st.refresh_mode,
       st.is_populated,
       st.data_timestamp,
       st.schedule,
       now() - st.last_refresh_at AS staleness,
       CASE WHEN st.schedule IS NOT NULL AND st.last_refresh_at IS NOT NULL AND st.schedule !~ '[\s@]'
            THEN EXTRACT(EPOCH FROM now() - st.last_refresh_at) > pgtrickle.parse_duration_seconds(st.schedule)
            ELSE NULL END AS stale,
       st.consecutive_errors,
       st.needs_reinit,
       st.last_refresh_at,
       COALESCE(h.total_refreshes, 0) AS total_refreshes,
       COALESCE(h.successful_refreshes, 0) AS successful_refreshes,
       COALESCE(h.failed_refreshes, 0) AS failed_refreshes,
       COALESCE(h.total_rows_inserted, 0) AS total_rows_inserted,
       COALESCE(h.total_rows_deleted, 0) AS total_rows_deleted,
       h.avg_duration_ms,
       last.action AS last_action,
       last.status AS last_status,
       (SELECT array_agg(DISTINCT d.cdc_mode ORDER BY d.cdc_mode) FROM pgtrickle.pgt_dependencies d
         WHERE d.pgt_id = st.pgt_id AND d.source_type = 'TABLE') AS cdc_modes,
       st.scc_id,
       st.last_fixpoint_iterations,
       st.refresh_tier
FROM pgtrickle.pgt_stream_tables st
LEFT JOIN LATERAL (
    SELECT count(*)::bigint AS total_refreshes,
           count(*) FILTER (WHERE r.status = 'COMPLETED')::bigint AS successful_refreshes,
           count(*) FILTER (WHERE r.status = 'FAILED')::bigint AS failed_refreshes,
           sum(r.rows_inserted)::bigint AS total_rows_inserted,
           sum(r.rows_deleted)::bigint AS total_rows_deleted,
           avg(EXTRACT(EPOCH FROM r.end_time - r.start_time) * 1000)
               FILTER (WHERE r.end_time IS NOT NULL)::double precision AS avg_duration_ms
    FROM pgtrickle.pgt_refresh_history r
    WHERE r.pgt_id = st.pgt_id) h ON true
LEFT JOIN LATERAL (
    SELECT r.action, r.status FROM pgtrickle.pgt_refresh_history r
    WHERE r.pgt_id = st.pgt_id ORDER BY r.refresh_id DESC LIMIT 1) last ON true;

CREATE VIEW pgtrickle.stream_tables_info AS
SELECT st.*,
       now() - st.last_refresh_at AS staleness,
       CASE WHEN st.schedule IS NOT NULL AND st.last_refresh_at IS NOT NULL AND st.schedule !~ '[\s@]'
            THEN EXTRACT(EPOCH FROM now() - st.last_refresh_at) > pgtrickle.parse_duration_seconds(st.schedule)
            ELSE NULL END AS stale,
       st.topk_limit IS NOT NULL AS is_topk
FROM pgtrickle.pgt_stream_tables st;
