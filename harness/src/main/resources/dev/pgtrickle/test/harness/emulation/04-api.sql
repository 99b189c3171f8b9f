-- pgtrickle-test emulation of pg_trickle 0.67, part 4: the public SQL API with the real names, parameter names,
-- types and defaults. The public functions only forward to _emulation_* implementations (parameter names such as
-- "schedule" would otherwise clash with catalog column names inside PL/pgSQL).

CREATE FUNCTION pgtrickle._emulation_lower_choice(value text, setting text, allowed text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF lower(btrim(value)) = ANY (allowed) THEN
        RETURN lower(btrim(value));
    END IF;
    PERFORM pgtrickle._emulation_raise('22023',
        format('invalid argument: unknown %s: %s (expected one of %s)', setting, value, array_to_string(allowed, ', ')),
        format('Use one of: %s.', array_to_string(allowed, ', ')));
    RETURN NULL;
END
$$;

-- The settings create, alter and create_or_replace share, checked in the same order everywhere.
CREATE FUNCTION pgtrickle._emulation_check_shared_choices(diamond_consistency text, diamond_schedule_policy text,
    cdc_mode text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM pgtrickle._emulation_lower_choice(diamond_consistency, 'diamond_consistency', ARRAY['none', 'atomic']);
    PERFORM pgtrickle._emulation_lower_choice(diamond_schedule_policy, 'diamond_schedule_policy', ARRAY['fastest', 'slowest']);
    PERFORM pgtrickle._emulation_lower_choice(cdc_mode, 'cdc_mode', ARRAY['auto', 'trigger', 'wal']);
    IF lower(btrim(diamond_schedule_policy)) = 'slowest' AND lower(btrim(diamond_consistency)) = 'none' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
    END IF;
END
$$;

-- append_only needs an incrementally maintained table over sources with primary keys (every dbt seed is keyless).
-- On create the real texts carry a how-to-fix tail; on alter they stop after the first sentence.
CREATE FUNCTION pgtrickle._emulation_check_append_only(resolved_mode text, keyless boolean, on_create boolean)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    problem text;
    remedy text := 'Use DIFFERENTIAL or AUTO refresh mode.';
BEGIN
    IF resolved_mode = 'FULL' THEN
        problem := 'append_only is not supported with FULL refresh mode.';
    ELSIF resolved_mode = 'IMMEDIATE' THEN
        problem := 'append_only is not supported with IMMEDIATE refresh mode.';
    ELSIF keyless THEN
        problem := 'append_only is not supported for stream tables with keyless sources.';
        remedy := 'Add a PRIMARY KEY to all source tables first.';
    END IF;
    IF problem IS NOT NULL THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: ' || problem || CASE WHEN on_create THEN ' ' || remedy ELSE '' END);
    END IF;
END
$$;

-- Whether any plain table the query reads has no primary key.
CREATE FUNCTION pgtrickle._emulation_has_keyless(source_oids oid[], source_types text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM unnest(source_oids, source_types) s(relid, kind)
                   WHERE s.kind = 'TABLE'
                     AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = s.relid AND i.indisprimary))
$$;

-- cdc_mode => 'wal' needs logical decoding and cannot serve IMMEDIATE (in-transaction) maintenance.
CREATE FUNCTION pgtrickle._emulation_check_cdc_mode(cdc_mode text, mode text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF lower(btrim(cdc_mode)) IS DISTINCT FROM 'wal' THEN
        RETURN;
    END IF;
    IF mode = 'IMMEDIATE' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: refresh_mode = ''IMMEDIATE'' is incompatible with cdc_mode = ''wal''. IMMEDIATE uses in-transaction IVM triggers; WAL-based CDC is async. Use cdc_mode = ''trigger'' or ''auto'', or choose a deferred refresh_mode.');
    END IF;
    IF current_setting('wal_level') <> 'logical' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: cdc_mode = ''wal'' requires wal_level = logical and an available replication slot');
    END IF;
END
$$;

-- Extras the emulation cannot provide are refused clearly instead of being silently ignored.
CREATE FUNCTION pgtrickle._emulation_refuse_extras(output_distribution_column text, temporal boolean,
    storage_backend text, sink text, ducklake_sink_path text, ducklake_sink_table_id bigint) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF output_distribution_column IS NOT NULL THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: output_distribution_column requires the Citus extension, which is not installed',
            'Remove output_distribution_column (the pgtrickle-test emulation runs on plain PostgreSQL).');
    END IF;
    IF COALESCE(temporal, false) THEN
        PERFORM pgtrickle._emulation_raise('0A000',
            'temporal stream tables are not supported by the pgtrickle-test emulation of pg_trickle',
            'Run this test against the real pg_trickle image (container backend), or drop temporal => true.');
    END IF;
    IF storage_backend IS NOT NULL AND lower(storage_backend) NOT IN ('heap') THEN
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: storage_backend ''%s'' is not available; the pgtrickle-test emulation of pg_trickle only provides heap', storage_backend),
            'Remove storage_backend or use ''heap''.');
    END IF;
    IF sink IS NOT NULL OR ducklake_sink_path IS NOT NULL OR ducklake_sink_table_id IS NOT NULL THEN
        PERFORM pgtrickle._emulation_raise('0A000',
            'DuckLake sinks are not supported by the pgtrickle-test emulation of pg_trickle',
            'Run this test against the real pg_trickle image (container backend), or remove sink/ducklake_* arguments.');
    END IF;
END
$$;

-- partition_by: col | col1,col2 | LIST:col | HASH:col[:n]; every column must be a query output column.
CREATE FUNCTION pgtrickle._emulation_check_partition_key(partition_by text, column_names text[]) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    spec text := btrim(partition_by);
    col text;
BEGIN
    IF partition_by IS NULL THEN
        RETURN;
    END IF;
    IF upper(spec) LIKE 'LIST:%' THEN
        spec := substr(spec, 6);
    ELSIF upper(spec) LIKE 'HASH:%' THEN
        spec := split_part(substr(spec, 6), ':', 1);
    END IF;
    FOREACH col IN ARRAY string_to_array(spec, ',') LOOP
        IF NOT btrim(col) = ANY (column_names) THEN
            PERFORM pgtrickle._emulation_raise('22023',
                format('invalid argument: partition_by column ''%s'' is not an output column of the defining query', btrim(col)),
                format('Output columns: %s.', array_to_string(column_names, ', ')));
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION pgtrickle._emulation_create(
    p_name text, p_query text, p_schedule text, p_refresh_mode text, p_initialize boolean,
    p_diamond_consistency text, p_diamond_schedule_policy text, p_cdc_mode text, p_append_only boolean,
    p_pooler_compatibility_mode boolean, p_partition_by text, p_max_differential_joins integer,
    p_max_delta_fraction double precision, p_output_distribution_column text, p_temporal boolean,
    p_storage_backend text, p_sink text, p_ducklake_sink_path text, p_ducklake_sink_table_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    mode text := pgtrickle._emulation_parse_mode(p_refresh_mode);
    parts record := pgtrickle._emulation_split_name(p_name);
    stored_schedule text;
    q record;
    relid oid;
    st_id bigint;
BEGIN
    IF p_name IS NULL OR p_query IS NULL THEN
        PERFORM pgtrickle._emulation_raise('22023', 'invalid argument: name and query must not be NULL');
    END IF;
    stored_schedule := pgtrickle._emulation_validate_schedule(p_schedule, mode);
    PERFORM pgtrickle._emulation_check_shared_choices(p_diamond_consistency, p_diamond_schedule_policy, p_cdc_mode);
    PERFORM pgtrickle._emulation_refuse_extras(p_output_distribution_column, p_temporal, p_storage_backend,
        p_sink, p_ducklake_sink_path, p_ducklake_sink_table_id);
    PERFORM pgtrickle._emulation_check_cdc_mode(p_cdc_mode, mode);
    SELECT * INTO q FROM pgtrickle._emulation_analyze(p_query, mode);
    IF COALESCE(p_append_only, false) THEN
        PERFORM pgtrickle._emulation_check_append_only(q.resolved_mode, pgtrickle._emulation_has_keyless(q.source_oids, q.source_types), true);
    END IF;
    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables
               WHERE pgt_schema = parts.schema_name AND pgt_name = parts.table_name) THEN
        PERFORM pgtrickle._emulation_raise('42P07',
            format('stream table already exists: %s.%s', parts.schema_name, parts.table_name),
            'Use pgtrickle.alter_stream_table() or pgtrickle.create_or_replace_stream_table() to change it, or drop it first.');
    END IF;
    PERFORM pgtrickle._emulation_check_partition_key(p_partition_by, q.column_names);
    IF p_partition_by IS NOT NULL AND q.resolved_mode = 'IMMEDIATE' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: partition_by is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
    END IF;

    relid := pgtrickle._emulation_create_storage(parts.schema_name, parts.table_name, q.column_names, q.column_types,
        q.aux_columns, q.aux_types);
    INSERT INTO pgtrickle.pgt_stream_tables (pgt_relid, pgt_name, pgt_schema, defining_query, original_query,
        schedule, refresh_mode, status, topk_limit, topk_offset, diamond_consistency, diamond_schedule_policy,
        requested_cdc_mode, is_append_only, max_differential_joins, max_delta_fraction, pooler_compatibility_mode,
        st_partition_key, defining_query_hash, functions_used)
    VALUES (relid, parts.table_name, parts.schema_name, p_query, NULL,
        stored_schedule, q.resolved_mode, 'INITIALIZING', q.topk_limit, q.topk_offset,
        COALESCE(lower(p_diamond_consistency), 'atomic'), COALESCE(lower(p_diamond_schedule_policy), 'fastest'),
        lower(p_cdc_mode), COALESCE(p_append_only, false), p_max_differential_joins, p_max_delta_fraction,
        COALESCE(p_pooler_compatibility_mode, false), btrim(p_partition_by), hashtextextended(p_query, 0), '{}')
    RETURNING pgt_id INTO st_id;
    INSERT INTO pgtrickle._emulation_state (pgt_id, requested_refresh_mode, downgrade_reason, aux_query, sum_columns)
    VALUES (st_id, mode, q.downgrade_reason, q.aux_query, q.sum_columns);
    PERFORM pgtrickle._emulation_set_dependencies(st_id, q.source_oids, q.source_types);
    UPDATE pgtrickle.pgt_stream_tables st SET has_keyless_source = EXISTS (
        SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st_id AND d.source_type = 'TABLE'
        AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = d.source_relid AND i.indisprimary))
    WHERE st.pgt_id = st_id;

    IF COALESCE(p_initialize, true) THEN
        PERFORM pgtrickle._emulation_refresh(st_id, 'INITIAL', true);
    END IF;
    RAISE INFO 'Stream table %.% created (pgt_id=%, mode=%, initialized=%)',
        parts.schema_name, parts.table_name, st_id, q.resolved_mode,
        CASE WHEN COALESCE(p_initialize, true) THEN 'true' ELSE 'false' END;
END
$$;

CREATE FUNCTION pgtrickle.create_stream_table(
    name text, query text, schedule text DEFAULT 'calculated', refresh_mode text DEFAULT 'AUTO',
    initialize boolean DEFAULT true, diamond_consistency text DEFAULT NULL, diamond_schedule_policy text DEFAULT NULL,
    cdc_mode text DEFAULT NULL, append_only boolean DEFAULT false, pooler_compatibility_mode boolean DEFAULT false,
    partition_by text DEFAULT NULL, max_differential_joins integer DEFAULT NULL,
    max_delta_fraction double precision DEFAULT NULL, output_distribution_column text DEFAULT NULL,
    temporal boolean DEFAULT false, storage_backend text DEFAULT NULL, sink text DEFAULT NULL,
    ducklake_sink_path text DEFAULT NULL, ducklake_sink_table_id bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pgtrickle._emulation_create(name, query, schedule, refresh_mode, initialize, diamond_consistency,
        diamond_schedule_policy, cdc_mode, append_only, pooler_compatibility_mode, partition_by,
        max_differential_joins, max_delta_fraction, output_distribution_column, temporal, storage_backend, sink,
        ducklake_sink_path, ducklake_sink_table_id);
END
$$;

CREATE FUNCTION pgtrickle.create_stream_table_if_not_exists(
    name text, query text, schedule text DEFAULT 'calculated', refresh_mode text DEFAULT 'AUTO',
    initialize boolean DEFAULT true, diamond_consistency text DEFAULT NULL, diamond_schedule_policy text DEFAULT NULL,
    cdc_mode text DEFAULT NULL, append_only boolean DEFAULT false, pooler_compatibility_mode boolean DEFAULT false,
    partition_by text DEFAULT NULL, max_differential_joins integer DEFAULT NULL,
    max_delta_fraction double precision DEFAULT NULL, output_distribution_column text DEFAULT NULL,
    temporal boolean DEFAULT false, storage_backend text DEFAULT NULL, sink text DEFAULT NULL,
    ducklake_sink_path text DEFAULT NULL, ducklake_sink_table_id bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    parts record := pgtrickle._emulation_split_name(name);
BEGIN
    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables st
               WHERE st.pgt_schema = parts.schema_name AND st.pgt_name = parts.table_name) THEN
        RAISE INFO 'Stream table %.% already exists — skipping creation.', parts.schema_name, parts.table_name;
        RETURN;
    END IF;
    PERFORM pgtrickle._emulation_create(name, query, schedule, refresh_mode, initialize, diamond_consistency,
        diamond_schedule_policy, cdc_mode, append_only, pooler_compatibility_mode, partition_by,
        max_differential_joins, max_delta_fraction, output_distribution_column, temporal, storage_backend, sink,
        ducklake_sink_path, ducklake_sink_table_id);
END
$$;

-- Whitespace runs collapse to one space before comparing queries, as the real create_or_replace does.
CREATE FUNCTION pgtrickle._emulation_normalize_sql(query text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT btrim(regexp_replace(query, '\s+', ' ', 'g')) $$;

-- Replaces the storage columns when a new query changes them: drops vanished columns, adds new ones, retypes
-- changed ones (the rows are recomputed right after).
CREATE FUNCTION pgtrickle._emulation_migrate_storage(st pgtrickle.pgt_stream_tables, column_names text[],
                                                     column_types text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    target text := format('%I.%I', st.pgt_schema, st.pgt_name);
    existing record;
    i int;
    current_type text;
BEGIN
    FOR existing IN SELECT attname::text AS col FROM pg_attribute
                    WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped AND attname NOT LIKE '\_\_pgt\_%' LOOP
        IF NOT existing.col = ANY (column_names) THEN
            EXECUTE format('ALTER TABLE %s DROP COLUMN %I', target, existing.col);
        END IF;
    END LOOP;
    FOR i IN 1 .. cardinality(column_names) LOOP
        SELECT format_type(atttypid, NULL) INTO current_type FROM pg_attribute
        WHERE attrelid = st.pgt_relid AND attname = column_names[i] AND NOT attisdropped;
        IF current_type IS NULL THEN
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s', target, column_names[i], column_types[i]);
        ELSIF current_type <> column_types[i] THEN
            PERFORM set_config('pg_trickle.internal_refresh', 'true', true);
            EXECUTE format('DELETE FROM %s', target);
            PERFORM set_config('pg_trickle.internal_refresh', 'false', true);
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING NULL', target, column_names[i], column_types[i]);
        END IF;
    END LOOP;
END
$$;

-- After a query or mode change: the auxiliary columns the new definition needs (dropping the others, adding the
-- missing ones) and the query that fills them, so the storage matches what a refresh will write.
CREATE FUNCTION pgtrickle._emulation_sync_aux_columns(st_id bigint, aux_query text, aux_columns text[],
                                                      aux_types text[], sum_columns text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    existing text;
    i int;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st_id;
    FOR existing IN SELECT attname::text FROM pg_attribute
                    WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped
                      AND attname LIKE '\_\_pgt\_%' AND attname <> '__pgt_row_id' LOOP
        IF NOT existing = ANY (aux_columns) THEN
            EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', st.pgt_schema, st.pgt_name, existing);
        END IF;
    END LOOP;
    FOR i IN 1 .. cardinality(aux_columns) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = st.pgt_relid AND attname = aux_columns[i]
                       AND NOT attisdropped) THEN
            EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %I %s NOT NULL DEFAULT 0', st.pgt_schema, st.pgt_name,
                           aux_columns[i], aux_types[i]);
        END IF;
    END LOOP;
    UPDATE pgtrickle._emulation_state e
    SET aux_query = _emulation_sync_aux_columns.aux_query, sum_columns = _emulation_sync_aux_columns.sum_columns
    WHERE e.pgt_id = st_id;
END
$$;

CREATE FUNCTION pgtrickle._emulation_alter(
    st_id bigint, p_query text, p_schedule text, p_refresh_mode text, p_status text, p_diamond_consistency text,
    p_diamond_schedule_policy text, p_cdc_mode text, p_append_only boolean, p_pooler_compatibility_mode boolean,
    p_tier text, p_fuse text, p_fuse_ceiling bigint, p_fuse_sensitivity integer, p_partition_by text,
    p_max_differential_joins integer, p_max_delta_fraction double precision, p_post_refresh_action text,
    p_reindex_drift_threshold double precision, p_sink text, p_ducklake_sink_path text,
    p_ducklake_sink_table_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    new_mode text;
    requested_mode text;
    new_status text;
    new_schedule text;
    q record;
    new_topk_limit int;
    new_topk_offset int;
    new_reason text;
    query_changed boolean := false;
    mode_changed boolean := false;
    cycle_path text;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st_id FOR UPDATE;
    PERFORM pgtrickle._emulation_refuse_extras(NULL, false, NULL, p_sink, p_ducklake_sink_path, p_ducklake_sink_table_id);
    PERFORM pgtrickle._emulation_check_shared_choices(p_diamond_consistency, p_diamond_schedule_policy, p_cdc_mode);
    PERFORM pgtrickle._emulation_lower_choice(p_tier, 'tier', ARRAY['hot', 'warm', 'cold', 'frozen']);
    PERFORM pgtrickle._emulation_lower_choice(p_fuse, 'fuse', ARRAY['off', 'on', 'auto']);
    PERFORM pgtrickle._emulation_lower_choice(p_post_refresh_action, 'post_refresh_action',
        ARRAY['none', 'analyze', 'reindex', 'reindex_if_drift']);
    IF p_status IS NOT NULL THEN
        new_status := upper(btrim(p_status));
        IF new_status NOT IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR') THEN
            PERFORM pgtrickle._emulation_raise('22023', format('invalid argument: unknown status: %s', p_status),
                'Use ACTIVE, SUSPENDED, ERROR or INITIALIZING (there is no PAUSED; SUSPENDED pauses a stream table).');
        END IF;
    END IF;

    new_mode := st.refresh_mode;
    IF p_refresh_mode IS NOT NULL THEN
        requested_mode := pgtrickle._emulation_parse_mode(p_refresh_mode);
        new_mode := requested_mode;
        -- The real alter stores the mode upper-cased as given, changed or not: 'AUTO' and the alias 'INCREMENTAL'
        -- then violate the catalog's CHECK (23514). The same UPDATE raises PostgreSQL's own error here.
        IF upper(p_refresh_mode) NOT IN ('FULL', 'DIFFERENTIAL', 'IMMEDIATE') THEN
            UPDATE pgtrickle.pgt_stream_tables SET refresh_mode = upper(p_refresh_mode) WHERE pgt_id = st_id;
        END IF;
    END IF;
    IF p_query IS NOT NULL OR p_refresh_mode IS NOT NULL THEN
        SELECT * INTO q FROM pgtrickle._emulation_analyze(COALESCE(p_query, st.defining_query), new_mode);
        new_mode := q.resolved_mode;
        new_topk_limit := q.topk_limit;
        new_topk_offset := q.topk_offset;
        new_reason := q.downgrade_reason;
        PERFORM pgtrickle._emulation_check_partition_key(COALESCE(p_partition_by, st.st_partition_key), q.column_names);
        query_changed := p_query IS NOT NULL AND p_query IS DISTINCT FROM st.defining_query;
        mode_changed := new_mode IS DISTINCT FROM st.refresh_mode;
    END IF;

    IF COALESCE(p_append_only, false) THEN
        PERFORM pgtrickle._emulation_check_append_only(new_mode, st.has_keyless_source, false);
    END IF;

    new_schedule := st.schedule;
    IF p_schedule IS NOT NULL THEN
        new_schedule := pgtrickle._emulation_validate_schedule(p_schedule, new_mode);
    ELSIF mode_changed AND new_mode = 'IMMEDIATE' THEN
        new_schedule := NULL;
    ELSIF mode_changed AND st.refresh_mode = 'IMMEDIATE' AND st.schedule IS NULL THEN
        new_schedule := '1m';
    END IF;

    IF query_changed THEN
        SELECT string_agg(format('%s.%s', up.pgt_schema, up.pgt_name), ' -> ') INTO cycle_path
        FROM unnest(q.source_oids) s(relid)
        JOIN pgtrickle.pgt_stream_tables up ON up.pgt_relid = s.relid
        WHERE up.pgt_id = st_id OR up.pgt_id IN (SELECT d.pgt_id FROM pgtrickle._emulation_downstream(st_id) d);
        IF cycle_path IS NOT NULL THEN
            PERFORM pgtrickle._emulation_raise('42P15',
                format('cycle detected in dependency graph: %s.%s -> %s', st.pgt_schema, st.pgt_name, cycle_path),
                'A stream table cannot read itself or a stream table that reads it.');
        END IF;
        PERFORM pgtrickle._emulation_migrate_storage(st, q.column_names, q.column_types);
    END IF;

    UPDATE pgtrickle.pgt_stream_tables SET
        defining_query = CASE WHEN query_changed THEN p_query ELSE defining_query END,
        defining_query_hash = CASE WHEN query_changed THEN hashtextextended(p_query, 0) ELSE defining_query_hash END,
        topk_limit = CASE WHEN query_changed THEN new_topk_limit ELSE topk_limit END,
        topk_offset = CASE WHEN query_changed THEN new_topk_offset ELSE topk_offset END,
        schedule = new_schedule,
        refresh_mode = new_mode,
        status = COALESCE(new_status, status),
        consecutive_errors = CASE WHEN new_status = 'ACTIVE' THEN 0 ELSE consecutive_errors END,
        diamond_consistency = COALESCE(lower(p_diamond_consistency), diamond_consistency),
        diamond_schedule_policy = COALESCE(lower(p_diamond_schedule_policy), diamond_schedule_policy),
        requested_cdc_mode = COALESCE(lower(p_cdc_mode), requested_cdc_mode),
        is_append_only = COALESCE(p_append_only, is_append_only),
        pooler_compatibility_mode = COALESCE(p_pooler_compatibility_mode, pooler_compatibility_mode),
        refresh_tier = COALESCE(lower(p_tier), refresh_tier),
        fuse_mode = COALESCE(lower(p_fuse), fuse_mode),
        fuse_ceiling = COALESCE(p_fuse_ceiling, fuse_ceiling),
        fuse_sensitivity = COALESCE(p_fuse_sensitivity, fuse_sensitivity),
        st_partition_key = COALESCE(btrim(p_partition_by), st_partition_key),
        max_differential_joins = COALESCE(p_max_differential_joins, max_differential_joins),
        max_delta_fraction = COALESCE(p_max_delta_fraction, max_delta_fraction),
        post_refresh_action = COALESCE(lower(p_post_refresh_action), post_refresh_action),
        reindex_drift_threshold = COALESCE(p_reindex_drift_threshold, reindex_drift_threshold),
        updated_at = now()
    WHERE pgt_id = st_id;
    IF requested_mode IS NOT NULL THEN
        UPDATE pgtrickle._emulation_state SET requested_refresh_mode = requested_mode,
            downgrade_reason = new_reason WHERE pgt_id = st_id;
    ELSIF query_changed THEN
        UPDATE pgtrickle._emulation_state SET downgrade_reason = new_reason WHERE pgt_id = st_id;
    END IF;
    UPDATE pgtrickle._emulation_state SET cron_next_at = NULL WHERE pgt_id = st_id;
    IF query_changed THEN
        PERFORM pgtrickle._emulation_set_dependencies(st_id, q.source_oids, q.source_types);
    END IF;
    IF mode_changed THEN
        RAISE WARNING 'stream table %.%: refresh mode changed from % to %; a full refresh was applied',
            st.pgt_schema, st.pgt_name, st.refresh_mode, new_mode;
    END IF;
    IF query_changed OR mode_changed THEN
        PERFORM pgtrickle._emulation_sync_aux_columns(st_id, q.aux_query, q.aux_columns, q.aux_types, q.sum_columns);
        PERFORM pgtrickle._emulation_refresh(st_id, 'MANUAL', true);
        IF new_status IS NOT NULL AND new_status <> 'ACTIVE' THEN
            UPDATE pgtrickle.pgt_stream_tables SET status = new_status WHERE pgt_id = st_id;
        END IF;
    END IF;
END
$$;

CREATE FUNCTION pgtrickle.alter_stream_table(
    name text, query text DEFAULT NULL, schedule text DEFAULT NULL, refresh_mode text DEFAULT NULL,
    status text DEFAULT NULL, diamond_consistency text DEFAULT NULL, diamond_schedule_policy text DEFAULT NULL,
    cdc_mode text DEFAULT NULL, append_only boolean DEFAULT NULL, pooler_compatibility_mode boolean DEFAULT NULL,
    tier text DEFAULT NULL, fuse text DEFAULT NULL, fuse_ceiling bigint DEFAULT NULL,
    fuse_sensitivity integer DEFAULT NULL, partition_by text DEFAULT NULL, max_differential_joins integer DEFAULT NULL,
    max_delta_fraction double precision DEFAULT NULL, post_refresh_action text DEFAULT NULL,
    reindex_drift_threshold double precision DEFAULT NULL, sink text DEFAULT NULL,
    ducklake_sink_path text DEFAULT NULL, ducklake_sink_table_id bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pgtrickle._emulation_alter((pgtrickle._emulation_find(name, true)).pgt_id, query, schedule, refresh_mode,
        status, diamond_consistency, diamond_schedule_policy, cdc_mode, append_only, pooler_compatibility_mode, tier,
        fuse, fuse_ceiling, fuse_sensitivity, partition_by, max_differential_joins, max_delta_fraction,
        post_refresh_action, reindex_drift_threshold, sink, ducklake_sink_path, ducklake_sink_table_id);
END
$$;

CREATE FUNCTION pgtrickle.create_or_replace_stream_table(
    name text, query text, schedule text DEFAULT 'calculated', refresh_mode text DEFAULT 'AUTO',
    initialize boolean DEFAULT true, diamond_consistency text DEFAULT NULL, diamond_schedule_policy text DEFAULT NULL,
    cdc_mode text DEFAULT NULL, append_only boolean DEFAULT false, pooler_compatibility_mode boolean DEFAULT false,
    partition_by text DEFAULT NULL, max_differential_joins integer DEFAULT NULL,
    max_delta_fraction double precision DEFAULT NULL, output_distribution_column text DEFAULT NULL,
    temporal boolean DEFAULT false, storage_backend text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    parts record := pgtrickle._emulation_split_name(name);
    st pgtrickle.pgt_stream_tables;
    mode text;
    q record;
    new_schedule text;
    query_changed boolean;
    mode_changed boolean;
    changed boolean;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables s
    WHERE s.pgt_schema = parts.schema_name AND s.pgt_name = parts.table_name FOR UPDATE;
    IF st.pgt_id IS NULL THEN
        PERFORM pgtrickle._emulation_create(name, query, schedule, refresh_mode, initialize, diamond_consistency,
            diamond_schedule_policy, cdc_mode, append_only, pooler_compatibility_mode, partition_by,
            max_differential_joins, max_delta_fraction, output_distribution_column, temporal, storage_backend,
            NULL, NULL, NULL);
        RETURN;
    END IF;
    mode := pgtrickle._emulation_parse_mode(refresh_mode);
    new_schedule := pgtrickle._emulation_validate_schedule(schedule, mode);
    PERFORM pgtrickle._emulation_check_shared_choices(diamond_consistency, diamond_schedule_policy, cdc_mode);
    SELECT * INTO q FROM pgtrickle._emulation_analyze(query, mode);
    query_changed := pgtrickle._emulation_normalize_sql(query) <> pgtrickle._emulation_normalize_sql(st.defining_query);
    -- As the real compare: AUTO counts as DIFFERENTIAL without analysing the query, and a changed mode is forwarded
    -- to alter as given, so AUTO over a table stored as FULL (AUTO fell back at create) violates the CHECK there.
    mode_changed := CASE WHEN mode = 'AUTO' THEN 'DIFFERENTIAL' ELSE mode END IS DISTINCT FROM st.refresh_mode;
    changed := query_changed
        OR new_schedule IS DISTINCT FROM st.schedule
        OR mode_changed
        OR COALESCE(lower(diamond_consistency), 'atomic') IS DISTINCT FROM st.diamond_consistency
        OR COALESCE(lower(diamond_schedule_policy), 'fastest') IS DISTINCT FROM st.diamond_schedule_policy
        OR lower(cdc_mode) IS DISTINCT FROM st.requested_cdc_mode
        OR COALESCE(append_only, false) IS DISTINCT FROM st.is_append_only
        OR COALESCE(pooler_compatibility_mode, false) IS DISTINCT FROM st.pooler_compatibility_mode;
    IF NOT changed THEN
        RAISE INFO 'Stream table %.% already exists with identical definition — no changes made.',
            parts.schema_name, parts.table_name;
        RETURN;
    END IF;
    PERFORM pgtrickle._emulation_alter(st.pgt_id,
        CASE WHEN query_changed THEN query END,
        CASE WHEN new_schedule IS DISTINCT FROM st.schedule THEN COALESCE(new_schedule, 'calculated') END,
        CASE WHEN mode_changed THEN refresh_mode END,
        NULL,
        COALESCE(lower(diamond_consistency), 'atomic'), COALESCE(lower(diamond_schedule_policy), 'fastest'),
        lower(cdc_mode), COALESCE(append_only, false), COALESCE(pooler_compatibility_mode, false),
        NULL, NULL, NULL, NULL, NULL, max_differential_joins, max_delta_fraction, NULL, NULL, NULL, NULL, NULL);
    IF lower(cdc_mode) IS NULL THEN
        UPDATE pgtrickle.pgt_stream_tables s SET requested_cdc_mode = NULL WHERE s.pgt_id = st.pgt_id;
    END IF;
    RAISE INFO 'Stream table %.% replaced (pgt_id=%, query changed=%)',
        parts.schema_name, parts.table_name, st.pgt_id, query_changed;
END
$$;

CREATE FUNCTION pgtrickle._emulation_drop_one(st_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
BEGIN
    DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st_id RETURNING * INTO st;
    EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', st.pgt_schema, st.pgt_name);
    PERFORM pgtrickle._emulation_release_unused_capture();
    RAISE INFO 'Stream table %.% dropped (pgt_id=%)', st.pgt_schema, st.pgt_name, st.pgt_id;
END
$$;

CREATE FUNCTION pgtrickle.drop_stream_table(name text, "cascade" boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql STRICT AS $$
DECLARE
    st pgtrickle.pgt_stream_tables := pgtrickle._emulation_find(name, true);
    dependents text;
    down record;
BEGIN
    SELECT string_agg(format('%s.%s', s.pgt_schema, s.pgt_name), ', ' ORDER BY s.pgt_schema, s.pgt_name)
      INTO dependents
      FROM pgtrickle._emulation_downstream(st.pgt_id) d JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = d.pgt_id;
    IF dependents IS NOT NULL THEN
        IF NOT "cascade" THEN
            PERFORM pgtrickle._emulation_raise('22023',
                format('invalid argument: stream table %s.%s has dependent stream tables: %s. Use cascade => true to drop them as well.',
                       st.pgt_schema, st.pgt_name, dependents),
                'Drop the dependent stream tables first, or pass cascade => true.');
        END IF;
        FOR down IN SELECT d.pgt_id FROM pgtrickle._emulation_downstream(st.pgt_id) d ORDER BY d.depth DESC, d.pgt_id LOOP
            PERFORM pgtrickle._emulation_drop_one(down.pgt_id);
        END LOOP;
    END IF;
    PERFORM pgtrickle._emulation_drop_one(st.pgt_id);
END
$$;

CREATE FUNCTION pgtrickle._emulation_resume_hint(st pgtrickle.pgt_stream_tables) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('pgtrickle.resume_stream_table(''%s'')',
                  CASE WHEN st.pgt_schema = 'public' THEN st.pgt_name ELSE st.pgt_schema || '.' || st.pgt_name END)
$$;

CREATE FUNCTION pgtrickle.refresh_stream_table(name text) RETURNS void
LANGUAGE plpgsql STRICT AS $$
DECLARE
    st pgtrickle.pgt_stream_tables := pgtrickle._emulation_find(name);
BEGIN
    IF st.status = 'SUSPENDED' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: stream table %s.%s is suspended ; use %s first', st.pgt_schema, st.pgt_name,
                   pgtrickle._emulation_resume_hint(st)));
    ELSIF st.status = 'ERROR' THEN
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: stream table %s.%s is in error state ; use %s first', st.pgt_schema, st.pgt_name,
                   pgtrickle._emulation_resume_hint(st)),
            COALESCE('last error: ' || st.last_error_message, NULL));
    END IF;
    -- As on the real extension: while another refresh of this table runs (the scheduler's tick holds the same
    -- advisory lock, keyed by pgt_id, or the catalog row is locked), the call says so and returns without refreshing.
    IF NOT pg_try_advisory_xact_lock(st.pgt_id)
       OR NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = st.pgt_id FOR UPDATE SKIP LOCKED) THEN
        RAISE NOTICE 'refresh skipped: %.% — another refresh is already in progress', st.pgt_schema, st.pgt_name;
        RETURN;
    END IF;
    PERFORM pgtrickle._emulation_refresh(st.pgt_id, 'MANUAL', false);
END
$$;

CREATE FUNCTION pgtrickle.resume_stream_table(name text) RETURNS void
LANGUAGE plpgsql STRICT AS $$
DECLARE
    st pgtrickle.pgt_stream_tables := pgtrickle._emulation_find(name, true);
BEGIN
    IF st.status NOT IN ('SUSPENDED', 'ERROR') THEN
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: stream table %s.%s is not suspended or in error state (current status: %s)',
                   st.pgt_schema, st.pgt_name, st.status));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables
    SET status = 'ACTIVE', consecutive_errors = 0, last_error_message = NULL, last_error_at = NULL, updated_at = now()
    WHERE pgt_id = st.pgt_id;
    -- The real alert names SUSPENDED as the previous status even when the table was in ERROR.
    IF NOT st.pooler_compatibility_mode THEN
        PERFORM pg_notify('pg_trickle_alert', json_build_object('event', 'resumed', 'pgt_schema', st.pgt_schema,
            'pgt_name', st.pgt_name, 'st', st.pgt_schema || '.' || st.pgt_name, 'previous_status', 'SUSPENDED')::text);
    END IF;
END
$$;

CREATE FUNCTION pgtrickle.check_cdc_health()
RETURNS TABLE (source_relid bigint, source_table text, cdc_mode text, slot_name text, lag_bytes bigint,
               confirmed_lsn text, alert text, selective_capture boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.relid::bigint,
           CASE WHEN c.oid IS NULL THEN s.relid::text ELSE s.relid::regclass::text END,
           'TRIGGER'::text, NULL::text, NULL::bigint, NULL::text,
           -- The real function raises alerts only for WAL sources (slot lag, missing slot); trigger-captured sources,
           -- the only kind the emulation has, never get one, even when their capture triggers are disabled.
           NULL::text,
           false
    FROM (SELECT DISTINCT d.source_relid AS relid FROM pgtrickle.pgt_dependencies d WHERE d.source_type = 'TABLE') s
    LEFT JOIN pg_class c ON c.oid = s.relid
    ORDER BY 1
$$;

CREATE FUNCTION pgtrickle.pgt_status()
RETURNS TABLE (name text, status text, refresh_mode text, is_populated boolean, consecutive_errors integer,
               schedule text, data_timestamp timestamptz, staleness interval, scc_id integer)
LANGUAGE sql STABLE AS $$
    SELECT st.pgt_schema || '.' || st.pgt_name, st.status, st.refresh_mode, st.is_populated, st.consecutive_errors,
           st.schedule, st.data_timestamp, now() - st.data_timestamp, st.scc_id
    FROM pgtrickle.pgt_stream_tables st ORDER BY st.pgt_schema, st.pgt_name
$$;

-- Monitoring helpers resolve unqualified names to public (not current_schema()), as the real ones do.
CREATE FUNCTION pgtrickle._emulation_find_public(name text) RETURNS pgtrickle.pgt_stream_tables
LANGUAGE plpgsql AS $$
BEGIN
    RETURN pgtrickle._emulation_find(CASE WHEN position('.' IN name) > 0 THEN name ELSE 'public.' || name END);
END
$$;

CREATE FUNCTION pgtrickle.get_refresh_history(name text, max_rows integer DEFAULT 20)
RETURNS TABLE (refresh_id bigint, data_timestamp timestamptz, start_time timestamptz, end_time timestamptz,
               action text, status text, rows_inserted bigint, rows_deleted bigint, duration_ms double precision,
               error_message text)
LANGUAGE sql AS $$
    SELECT h.refresh_id, h.data_timestamp, h.start_time, h.end_time, h.action, h.status, h.rows_inserted,
           h.rows_deleted, (EXTRACT(EPOCH FROM h.end_time - h.start_time) * 1000)::double precision, h.error_message
    FROM pgtrickle._emulation_find_public(name) st
    JOIN pgtrickle.pgt_refresh_history h ON h.pgt_id = st.pgt_id
    ORDER BY h.refresh_id DESC
    LIMIT max_rows
$$;

CREATE FUNCTION pgtrickle.get_staleness(name text) RETURNS double precision
LANGUAGE sql AS $$
    SELECT EXTRACT(EPOCH FROM now() - (pgtrickle._emulation_find_public(name)).data_timestamp)::double precision
$$;

CREATE FUNCTION pgtrickle.explain_refresh_mode(name text)
RETURNS TABLE (configured_mode text, effective_mode text, downgrade_reason text)
LANGUAGE sql AS $$
    SELECT COALESCE(e.requested_refresh_mode, st.refresh_mode), COALESCE(st.effective_refresh_mode, st.refresh_mode),
           e.downgrade_reason
    FROM pgtrickle._emulation_find(name) st
    LEFT JOIN pgtrickle._emulation_state e ON e.pgt_id = st.pgt_id
$$;

-- The real is_drained() answers whether a pgtrickle.drain() call (which the emulation does not have) is still running,
-- not whether refreshes are pending: without a drain it is always true, so it cannot serve as a wait condition.
CREATE FUNCTION pgtrickle.is_drained() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT true
$$;

-- The real extension wakes its launcher with this; the emulated scheduler polls, so there is nothing to wake.
CREATE FUNCTION pgtrickle._signal_launcher_rescan() RETURNS void LANGUAGE sql AS $$ SELECT $$;

CREATE FUNCTION pgtrickle.st_refresh_stats()
RETURNS TABLE (pgt_name text, pgt_schema text, status text, refresh_mode text, is_populated boolean,
               total_refreshes bigint, successful_refreshes bigint, failed_refreshes bigint,
               total_rows_inserted bigint, total_rows_deleted bigint, avg_duration_ms double precision,
               last_refresh_action text, last_refresh_status text, last_refresh_at timestamptz,
               staleness_secs double precision, stale boolean, consecutive_errors integer, schedule text,
               refresh_tier text, last_error_message text, downstream_publication text)
LANGUAGE sql STABLE AS $$
    SELECT s.pgt_name, s.pgt_schema, s.status, s.refresh_mode, s.is_populated, s.total_refreshes,
           s.successful_refreshes, s.failed_refreshes, s.total_rows_inserted, s.total_rows_deleted,
           s.avg_duration_ms, s.last_action, s.last_status, s.last_refresh_at,
           EXTRACT(EPOCH FROM s.staleness)::double precision, s.stale, s.consecutive_errors, s.schedule,
           s.refresh_tier, st.last_error_message, st.downstream_publication_name
    FROM pgtrickle.pg_stat_stream_tables s JOIN pgtrickle.pgt_stream_tables st USING (pgt_id)
    ORDER BY s.pgt_schema, s.pgt_name
$$;

-- scheduler_running looks for the emulated scheduler's connection (application_name set by EmulationScheduler).
-- The real view's formulas (errors include consecutive_errors > 0; stale = a duration schedule overdue). The real
-- scheduler_running looks for a 'pg_trickle scheduler' background worker; the emulated scheduler is a client
-- connection of the harness, recognised by its application_name.
CREATE VIEW pgtrickle.quick_health AS
WITH st AS (
    SELECT status, consecutive_errors,
           schedule IS NOT NULL AND schedule !~ '[\s@]' AND last_refresh_at IS NOT NULL
               AND EXTRACT(EPOCH FROM (now() - last_refresh_at)) > pgtrickle.parse_duration_seconds(schedule) AS overdue
    FROM pgtrickle.pgt_stream_tables)
SELECT (SELECT count(*) FROM st)::bigint AS total_stream_tables,
       (SELECT count(*) FROM st WHERE status = 'ERROR' OR consecutive_errors > 0)::bigint AS error_tables,
       (SELECT count(*) FROM st WHERE overdue)::bigint AS stale_tables,
       EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database()
               AND a.application_name LIKE 'pg_trickle scheduler%') AS scheduler_running,
       CASE WHEN (SELECT count(*) FROM st) = 0 THEN 'EMPTY'
            WHEN EXISTS (SELECT 1 FROM st WHERE status = 'SUSPENDED') THEN 'CRITICAL'
            WHEN EXISTS (SELECT 1 FROM st WHERE status = 'ERROR' OR consecutive_errors > 0 OR overdue) THEN 'WARNING'
            ELSE 'OK' END AS status;

CREATE VIEW pgtrickle.pgt_cdc_status AS
SELECT st.pgt_schema, st.pgt_name, d.source_relid, c.relname::text AS source_name, n.nspname::text AS source_schema,
       d.cdc_mode, d.slot_name, d.decoder_confirmed_lsn, d.transition_started_at
FROM pgtrickle.pgt_dependencies d
JOIN pgtrickle.pgt_stream_tables st USING (pgt_id)
LEFT JOIN pg_class c ON c.oid = d.source_relid
LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE d.source_type = 'TABLE';

-- Unqualified names resolve to public, like the real explain_st.
CREATE FUNCTION pgtrickle.explain_st(name text, with_analyze boolean DEFAULT false)
RETURNS TABLE (property text, value text)
LANGUAGE sql AS $$
    SELECT p.property, p.value
    FROM pgtrickle._emulation_find_public(name) st
    CROSS JOIN LATERAL (VALUES
        ('pgt_name', st.pgt_schema || '.' || st.pgt_name),
        ('defining_query', st.defining_query),
        ('refresh_mode', st.refresh_mode),
        ('status', st.status),
        ('is_populated', st.is_populated::text),
        ('dvm_supported', (st.refresh_mode <> 'FULL')::text),
        ('output_columns', (SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
                            WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped
                              AND attname NOT LIKE '\_\_pgt\_%')),
        ('source_oids', (SELECT string_agg(source_relid::text, ', ' ORDER BY source_relid)
                         FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id)),
        ('frontier', st.frontier::text),
        ('emulation', 'pgtrickle-test emulation: refreshes recompute the defining query')
    ) AS p(property, value)
$$;
