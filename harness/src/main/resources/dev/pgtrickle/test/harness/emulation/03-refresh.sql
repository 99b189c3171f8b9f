-- pgtrickle-test emulation of pg_trickle 0.67, part 3: storage tables, change capture, refresh by recomputation.

-- The direct-DML guard of era B: stream tables may only be written by refreshes, which set the placeholder setting
-- pg_trickle.internal_refresh for the duration of the write. Row-level for INSERT/UPDATE/DELETE plus a statement-level
-- BEFORE TRUNCATE trigger, with the real text (table name only) and SQLSTATE (P0001, a plain RAISE EXCEPTION), so a
-- zero-row statement passes and TRUNCATE is refused as on the real extension. The real guard function lives in the
-- stream table's schema; the emulation shares one in pgtrickle.
CREATE FUNCTION pgtrickle._emulation_dml_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pg_trickle.internal_refresh', true) IS DISTINCT FROM 'true' THEN
        RAISE EXCEPTION 'Direct DML on stream table % is not allowed. Stream tables are maintained automatically by pg_trickle.',
            TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

-- Creates the storage table: __pgt_row_id first, then the query's columns with type modifiers dropped, then the
-- auxiliary columns (_emulation_aux_plan).
CREATE FUNCTION pgtrickle._emulation_create_storage(schema_name text, table_name text, column_names text[],
                                                    column_types text[], aux_columns text[] DEFAULT '{}',
                                                    aux_types text[] DEFAULT '{}') RETURNS oid
LANGUAGE plpgsql AS $$
DECLARE
    columns text := '';
    i int;
    relid oid;
BEGIN
    FOR i IN 1 .. cardinality(column_names) LOOP
        columns := columns || format(', %I %s', column_names[i], column_types[i]);
    END LOOP;
    FOR i IN 1 .. COALESCE(cardinality(aux_columns), 0) LOOP
        columns := columns || format(', %I %s NOT NULL DEFAULT 0', aux_columns[i], aux_types[i]);
    END LOOP;
    EXECUTE format('CREATE TABLE %I.%I (__pgt_row_id bigint%s)', schema_name, table_name, columns);
    relid := format('%I.%I', schema_name, table_name)::regclass::oid;
    EXECUTE format('CREATE UNIQUE INDEX ON %I.%I (__pgt_row_id)', schema_name, table_name);
    EXECUTE format('CREATE TRIGGER pgt_dml_guard BEFORE INSERT OR UPDATE OR DELETE ON %I.%I'
                   ' FOR EACH ROW EXECUTE FUNCTION pgtrickle._emulation_dml_guard()', schema_name, table_name);
    EXECUTE format('CREATE TRIGGER pgt_truncate_guard BEFORE TRUNCATE ON %I.%I'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emulation_dml_guard()', schema_name, table_name);
    RETURN relid;
END
$$;

-- Bumps a source's version; SECURITY DEFINER so writers need no rights on pgtrickle_changes.
CREATE FUNCTION pgtrickle_changes._emulation_bump(source oid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE pgtrickle_changes.source_versions SET version = version + 1, last_change_at = clock_timestamp()
    WHERE source_relid = source
$$;

-- Statement-level capture trigger: bumps the source's version when the statement really changed rows (or truncated),
-- then maintains IMMEDIATE stream tables reading that source inside the writing transaction (with the writer's
-- search_path, as the real IMMEDIATE mode does).
CREATE FUNCTION pgtrickle._emulation_capture() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
        changed := EXISTS (SELECT 1 FROM pgt_new);
    ELSIF TG_OP = 'DELETE' THEN
        changed := EXISTS (SELECT 1 FROM pgt_old);
    ELSE
        changed := true;
    END IF;
    IF changed THEN
        PERFORM pgtrickle_changes._emulation_bump(TG_RELID);
        PERFORM pgtrickle._emulation_maintain_immediate(TG_RELID);
    END IF;
    RETURN NULL;
END
$$;

-- Row-level companion for partitioned sources: statement-level triggers on a partitioned table do not fire for
-- statements that write a partition directly, but row-level triggers are cloned onto every partition (also future
-- ones). Bumps the partitioned table's version once per statement. (IMMEDIATE stream tables are only maintained for
-- statements on the partitioned table itself.)
CREATE FUNCTION pgtrickle._emulation_capture_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    flag text := 'pg_trickle.emulation_captured_' || TG_ARGV[0];
    stamp text := txid_current()::text || '@' || statement_timestamp()::text;
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM stamp THEN
        PERFORM pgtrickle_changes._emulation_bump(TG_ARGV[0]::oid);
        PERFORM set_config(flag, stamp, true);
    END IF;
    RETURN NULL;
END
$$;

-- Installs the capture triggers on a table source once (shared by every stream table reading it).
CREATE FUNCTION pgtrickle._emulation_ensure_capture(source oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    target text := source::regclass::text;
BEGIN
    IF EXISTS (SELECT 1 FROM pgtrickle_changes.source_versions WHERE source_relid = source) THEN
        RETURN;
    END IF;
    INSERT INTO pgtrickle_changes.source_versions (source_relid) VALUES (source);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS pgt_new'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emulation_capture()',
                   'pg_trickle_cdc_ins_' || source, target);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS pgt_old NEW TABLE AS pgt_new'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emulation_capture()',
                   'pg_trickle_cdc_upd_' || source, target);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS pgt_old'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emulation_capture()',
                   'pg_trickle_cdc_del_' || source, target);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle._emulation_capture()',
                   'pg_trickle_cdc_truncate_' || source, target);
    IF (SELECT relkind FROM pg_class WHERE oid = source) = 'p' THEN
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s'
                       ' FOR EACH ROW EXECUTE FUNCTION pgtrickle._emulation_capture_row(%L)',
                       'pg_trickle_cdc_row_' || source, target, source::text);
    END IF;
END
$$;

-- Removes capture from sources no stream table reads any more.
CREATE FUNCTION pgtrickle._emulation_release_unused_capture() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT sv.source_relid FROM pgtrickle_changes.source_versions sv
             WHERE NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = sv.source_relid
                               AND d.source_type IN ('TABLE', 'STREAM_TABLE')) LOOP
        IF EXISTS (SELECT 1 FROM pg_class WHERE oid = v.source_relid) THEN
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_ins_' || v.source_relid, v.source_relid::regclass);
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_upd_' || v.source_relid, v.source_relid::regclass);
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_del_' || v.source_relid, v.source_relid::regclass);
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_truncate_' || v.source_relid, v.source_relid::regclass);
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_row_' || v.source_relid, v.source_relid::regclass);
        END IF;
        DELETE FROM pgtrickle_changes.source_versions WHERE source_relid = v.source_relid;
    END LOOP;
END
$$;

-- Names and types of a relation's columns, to notice column-changing ALTER TABLE on a source.
CREATE FUNCTION pgtrickle._emulation_column_snapshot(relid oid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_agg(jsonb_build_array(attname::text, format_type(atttypid, atttypmod)) ORDER BY attnum), '[]')
    FROM pg_attribute WHERE attrelid = relid AND attnum > 0 AND NOT attisdropped
$$;

-- Records a stream table's sources and captures the table-like ones.
CREATE FUNCTION pgtrickle._emulation_set_dependencies(st_id bigint, source_oids oid[], source_types text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i int;
BEGIN
    DELETE FROM pgtrickle.pgt_dependencies WHERE pgt_id = st_id;
    FOR i IN 1 .. cardinality(source_oids) LOOP
        INSERT INTO pgtrickle.pgt_dependencies (pgt_id, source_relid, source_type, columns_used, column_snapshot)
        VALUES (st_id, source_oids[i], source_types[i],
                ARRAY(SELECT attname::text FROM pg_attribute
                      WHERE attrelid = source_oids[i] AND attnum > 0 AND NOT attisdropped ORDER BY attnum),
                pgtrickle._emulation_column_snapshot(source_oids[i]));
        IF source_types[i] IN ('TABLE', 'STREAM_TABLE') THEN
            PERFORM pgtrickle._emulation_ensure_capture(source_oids[i]);
        END IF;
    END LOOP;
    PERFORM pgtrickle._emulation_release_unused_capture();
END
$$;

-- The versions of a stream table's captured sources right now, as stored in its frontier.
CREATE FUNCTION pgtrickle._emulation_current_versions(st_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('emulation', 'pgtrickle-test', 'source_versions',
               COALESCE(jsonb_object_agg(d.source_relid::text, COALESCE(v.version, 0)), '{}'::jsonb))
    FROM pgtrickle.pgt_dependencies d
    LEFT JOIN pgtrickle_changes.source_versions v ON v.source_relid = d.source_relid
    WHERE d.pgt_id = st_id AND d.source_type IN ('TABLE', 'STREAM_TABLE')
$$;

-- Whether a source changed since the stream table's frontier. Sources without capture (materialized views, foreign
-- tables) always count as changed.
CREATE FUNCTION pgtrickle._emulation_has_changes(st pgtrickle.pgt_stream_tables) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT st.frontier IS NULL
        OR pgtrickle._emulation_current_versions(st.pgt_id) IS DISTINCT FROM st.frontier
        OR EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d
                   WHERE d.pgt_id = st.pgt_id AND d.source_type IN ('MATVIEW', 'FOREIGN_TABLE'))
$$;

-- Recomputes the stream table's contents. full_refresh: delete everything and insert the query result (the real FULL);
-- otherwise apply only the difference, so unchanged rows keep their row id (what a DIFFERENTIAL refresh leaves).
-- The row id is a 64-bit hash of the row's content and its occurrence number among identical rows.
CREATE FUNCTION pgtrickle._emulation_apply(st pgtrickle.pgt_stream_tables, full_refresh boolean,
                                          OUT rows_inserted bigint, OUT rows_deleted bigint)
LANGUAGE plpgsql AS $$
DECLARE
    target text := format('%I.%I', st.pgt_schema, st.pgt_name);
    columns text;
    fresh text;
    query text;
    sums text[];
    inserted text;
BEGIN
    -- With auxiliary columns the refresh runs the query that also fills them.
    SELECT e.aux_query, e.sum_columns INTO query, sums FROM pgtrickle._emulation_state e WHERE e.pgt_id = st.pgt_id;
    SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum),
           -- What a differential refresh inserts: a SUM over only NULLs merges to 0 on the real extension (F1).
           string_agg(CASE WHEN attname::text = ANY (sums) THEN format('COALESCE(f.%I, 0)', attname)
                           ELSE format('f.%I', attname) END, ', ' ORDER BY attnum)
      INTO columns, inserted
    FROM pg_attribute WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped AND attname <> '__pgt_row_id'
      AND (attname NOT LIKE '\_\_pgt\_%' OR query IS NOT NULL);
    query := COALESCE(query, st.defining_query);
    fresh := format('SELECT hashtextextended(row_to_json(sub)::text || ''/'' || '
                    '(row_number() OVER (PARTITION BY row_to_json(sub)::text))::text, 7) AS __pgt_row_id, sub.*'
                    ' FROM (%s) sub', query);
    PERFORM set_config('pg_trickle.internal_refresh', 'true', true);
    IF full_refresh THEN
        EXECUTE format('DELETE FROM %s', target);
        GET DIAGNOSTICS rows_deleted = ROW_COUNT;
        EXECUTE format('INSERT INTO %s (__pgt_row_id, %s) SELECT f.__pgt_row_id, %s FROM (%s) f',
                       target, columns, columns, fresh);
        GET DIAGNOSTICS rows_inserted = ROW_COUNT;
    ELSE
        EXECUTE format(
            'WITH fresh AS MATERIALIZED (%s),'
            ' del AS (DELETE FROM %s t WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.__pgt_row_id = t.__pgt_row_id) RETURNING 1),'
            ' ins AS (INSERT INTO %s (__pgt_row_id, %s) SELECT f.__pgt_row_id, %s FROM fresh f'
            '         WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE t.__pgt_row_id = f.__pgt_row_id) RETURNING 1)'
            ' SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM del)',
            fresh, target, target, columns, inserted, target)
        INTO rows_inserted, rows_deleted;
    END IF;
    PERFORM set_config('pg_trickle.internal_refresh', 'false', true);
END
$$;

-- One refresh of one stream table, recorded as the real extension records it.
--   initiated_by: INITIAL (create), MANUAL (refresh_stream_table, alter), SCHEDULER (tick).
--   force_full: a FULL recomputation whatever the mode (initial fill, query or mode change).
-- Returns the action taken: FULL, DIFFERENTIAL or NO_DATA (only the scheduler produces NO_DATA), or NULL when a
-- scheduled refresh finds the table no longer ACTIVE once it holds its row (an alter or drop committed meanwhile).
CREATE FUNCTION pgtrickle._emulation_refresh(st_id bigint, initiated_by text, force_full boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    started timestamptz := clock_timestamp();
    versions jsonb;
    action text;
    fallback boolean := false;
    inserted bigint := 0;
    deleted bigint := 0;
    seconds bigint;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st_id FOR UPDATE;
    IF initiated_by = 'SCHEDULER' AND st.status IS DISTINCT FROM 'ACTIVE' THEN
        RETURN NULL;  -- e.g. suspended while the tick waited for the row: leave it as the alter left it
    END IF;
    -- Read the source versions BEFORE reading the sources, so a change committed in between is seen next time.
    versions := pgtrickle._emulation_current_versions(st_id);
    IF initiated_by = 'SCHEDULER' AND st.is_populated AND NOT st.needs_reinit
       AND NOT pgtrickle._emulation_has_changes(st) THEN
        action := 'NO_DATA';
    ELSE
        IF force_full OR st.refresh_mode IN ('FULL', 'IMMEDIATE') OR NOT st.is_populated OR st.needs_reinit THEN
            action := 'FULL';
        ELSIF st.frontier IS NULL THEN
            RAISE INFO 'stream table %.%: no previous frontier, performing FULL refresh first', st.pgt_schema, st.pgt_name;
            action := 'FULL';
            fallback := true;
        ELSE
            action := 'DIFFERENTIAL';
        END IF;
        SELECT a.rows_inserted, a.rows_deleted INTO inserted, deleted FROM pgtrickle._emulation_apply(st, action = 'FULL') a;
    END IF;

    UPDATE pgtrickle.pgt_stream_tables SET
        status = 'ACTIVE',
        is_populated = true,
        consecutive_errors = 0,
        last_error_message = NULL,
        last_error_at = NULL,
        needs_reinit = false,
        last_refresh_at = now(),
        data_timestamp = CASE WHEN action = 'FULL' OR (action = 'DIFFERENTIAL' AND inserted + deleted > 0)
                              THEN now() ELSE data_timestamp END,
        frontier = versions,
        effective_refresh_mode = action,
        last_full_ms = CASE WHEN action = 'FULL' THEN EXTRACT(EPOCH FROM clock_timestamp() - started) * 1000 ELSE last_full_ms END,
        rows_changed_since_last_reindex = rows_changed_since_last_reindex + inserted + deleted,
        updated_at = now()
    WHERE pgt_id = st_id;

    UPDATE pgtrickle._emulation_state SET cron_next_at = pgtrickle._emulation_cron_next(st.schedule, now())
    WHERE pgt_id = st_id AND st.schedule ~ '[\s@]';

    IF initiated_by <> 'IMMEDIATE' THEN
        seconds := pgtrickle.parse_duration_seconds(st.schedule);
        INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, end_time, action,
            rows_inserted, rows_deleted, delta_row_count, was_full_fallback, status, initiated_by, freshness_deadline)
        -- The real initial fill records 0/0; a manual FULL refresh records no deletions.
        VALUES (st_id, now(), started, clock_timestamp(), action,
            CASE WHEN initiated_by = 'INITIAL' THEN 0 ELSE inserted END,
            CASE WHEN initiated_by = 'INITIAL' OR (initiated_by = 'MANUAL' AND action = 'FULL') THEN 0 ELSE deleted END,
            CASE WHEN initiated_by = 'INITIAL' THEN 0 ELSE inserted + deleted END, fallback, 'COMPLETED', initiated_by,
            now() + make_interval(secs => seconds));
    END IF;
    RETURN action;
END
$$;

-- IMMEDIATE stream tables reading a changed source are recomputed inside the writing transaction (no history row).
CREATE FUNCTION pgtrickle._emulation_maintain_immediate(source oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st_id bigint;
BEGIN
    FOR st_id IN SELECT st.pgt_id FROM pgtrickle.pgt_stream_tables st
                 JOIN pgtrickle.pgt_dependencies d ON d.pgt_id = st.pgt_id AND d.source_relid = source
                 WHERE st.refresh_mode = 'IMMEDIATE' AND st.status = 'ACTIVE' ORDER BY st.pgt_id LOOP
        PERFORM pgtrickle._emulation_refresh(st_id, 'IMMEDIATE', true);
    END LOOP;
END
$$;

-- Dependency depth of each stream table (0 = reads no stream table), so upstream tables refresh first.
CREATE FUNCTION pgtrickle._emulation_depths() RETURNS TABLE (pgt_id bigint, depth int)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE walk(pgt_id, depth) AS (
        SELECT st.pgt_id, 0 FROM pgtrickle.pgt_stream_tables st
        UNION ALL
        SELECT d.pgt_id, walk.depth + 1
        FROM walk
        JOIN pgtrickle.pgt_stream_tables up ON up.pgt_id = walk.pgt_id
        JOIN pgtrickle.pgt_dependencies d ON d.source_relid = up.pgt_relid AND d.source_type = 'STREAM_TABLE'
        WHERE walk.depth < 64
    )
    SELECT pgt_id, max(depth) FROM walk GROUP BY pgt_id
$$;

-- Stream tables that (transitively) read the given one.
CREATE FUNCTION pgtrickle._emulation_downstream(st_id bigint) RETURNS TABLE (pgt_id bigint, depth int)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE down(pgt_id, depth) AS (
        SELECT d.pgt_id, 1
        FROM pgtrickle.pgt_stream_tables up
        JOIN pgtrickle.pgt_dependencies d ON d.source_relid = up.pgt_relid AND d.source_type = 'STREAM_TABLE'
        WHERE up.pgt_id = st_id
        UNION
        SELECT d.pgt_id, down.depth + 1
        FROM down
        JOIN pgtrickle.pgt_stream_tables up ON up.pgt_id = down.pgt_id
        JOIN pgtrickle.pgt_dependencies d ON d.source_relid = up.pgt_relid AND d.source_type = 'STREAM_TABLE'
        WHERE down.depth < 64
    )
    SELECT pgt_id, max(depth) FROM down GROUP BY pgt_id
$$;
