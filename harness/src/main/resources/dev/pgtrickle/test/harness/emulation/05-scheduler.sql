-- pgtrickle-test emulation of pg_trickle 0.67, part 5: the scheduler tick and drop handling.

-- Whether a stream table is due this tick (era B rules): unpopulated or needing reinit -> due; duration -> when
-- last_refresh_at is older than the schedule times the tier multiplier; cron -> when the next occurrence after the
-- last refresh has passed; CALCULATED -> whenever a source changed.
CREATE FUNCTION pgtrickle._emulation_is_due(st pgtrickle.pgt_stream_tables) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    seconds bigint;
    multiplier int := CASE st.refresh_tier WHEN 'warm' THEN 2 WHEN 'cold' THEN 10 ELSE 1 END;
    next_at timestamptz;
BEGIN
    IF st.refresh_tier = 'frozen' THEN
        RETURN false;
    END IF;
    IF NOT st.is_populated OR st.needs_reinit OR st.last_refresh_at IS NULL THEN
        RETURN true;
    END IF;
    IF st.schedule IS NULL THEN
        RETURN pgtrickle._emulation_has_changes(st);
    END IF;
    IF st.schedule ~ '[\s@]' THEN
        SELECT cron_next_at INTO next_at FROM pgtrickle._emulation_state WHERE pgt_id = st.pgt_id;
        IF next_at IS NULL THEN
            next_at := pgtrickle._emulation_cron_next(st.schedule, st.last_refresh_at);
            UPDATE pgtrickle._emulation_state SET cron_next_at = next_at WHERE pgt_id = st.pgt_id;
        END IF;
        RETURN next_at IS NOT NULL AND now() >= next_at;
    END IF;
    seconds := pgtrickle.parse_duration_seconds(st.schedule);
    RETURN EXTRACT(EPOCH FROM now() - st.last_refresh_at) > seconds * multiplier;
END
$$;

-- How the real scheduler classifies a PostgreSQL error raised inside a scheduled refresh: by its message text, not by
-- its SQLSTATE (the text it sees carries no code). Only these texts are permanent; everything else, bad input syntax,
-- numeric overflow and serialization failures included, is retried.
CREATE FUNCTION pgtrickle._emulation_is_retryable(message text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT NOT (lower(message) LIKE ANY (ARRAY['%does not exist%', '%syntax error%', '%column of relation%',
        '%permission denied%', '%insufficient_privilege%', '%unique constraint%', '%foreign key constraint%',
        '%not-null constraint%', '%check constraint%', '%violates%', '%division by zero%', '%already exists%']))
$$;

-- A string as Rust's Debug prints it: double-quoted, with backslash, quote and control characters escaped.
CREATE FUNCTION pgtrickle._emulation_debug_string(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT '"' || replace(replace(replace(replace(replace(value, '\', '\\'), '"', '\"'), E'\n', '\n'), E'\r', '\r'),
        E'\t', '\t') || '"'
$$;

-- last_error_message as the real scheduler stores it: the debug form of the caught error report, not the bare message
-- (so "= 'division by zero'" fails on both, "LIKE '%division by zero%'" passes on both). The emulation cannot know the
-- server's source location, so that part is left out.
CREATE FUNCTION pgtrickle._emulation_error_report(sqlstate text, message text, detail text, hint text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('ErrorReportWithLevel { level: ERROR, inner: ErrorReport { sqlerrcode: %s, message: %s, hint: %s, detail: %s } }',
        sqlstate, pgtrickle._emulation_debug_string(message),
        CASE WHEN NULLIF(hint, '') IS NULL THEN 'None' ELSE 'Some(' || pgtrickle._emulation_debug_string(hint) || ')' END,
        CASE WHEN NULLIF(detail, '') IS NULL THEN 'None' ELSE 'Some(' || pgtrickle._emulation_debug_string(detail) || ')' END)
$$;

-- The real retry policy for retryable failures: 1 s doubling per attempt (capped at 60 s), 25 % shorter on even and
-- longer on odd attempts, for 5 attempts; after that the table is simply tried again whenever it is due.
CREATE FUNCTION pgtrickle._emulation_retry_delay(attempt integer) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN attempt >= 5 THEN interval '0'
        ELSE make_interval(secs => LEAST(power(2, attempt), 60) * CASE WHEN attempt % 2 = 0 THEN 0.75 ELSE 1.25 END)
    END
$$;

-- One scheduler tick, called by the JVM-side EmulationScheduler (one thread per database). Refreshes the due ACTIVE
-- stream tables upstream first, each in its own subtransaction so one failure never undoes another table's refresh.
-- A failure is handled as the real scheduler handles a PostgreSQL ERROR in a refresh: a permanent one sets status
-- ERROR with the error report (consecutive_errors stays as it was); a retryable one leaves the catalog untouched and
-- is retried after a backoff, so it never suspends the table. Neither sends a NOTIFY or writes a history row.
-- Returns how many refreshes (including NO_DATA cycles) completed.
CREATE FUNCTION pgtrickle._emulation_tick() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    done integer := 0;
    action text;
    state text;
    message text;
    detail text;
    hint text;
    attempts integer;
    started timestamptz;
BEGIN
    IF lower(COALESCE(NULLIF(current_setting('pg_trickle.enabled', true), ''), 'on')) IN ('off', 'false', '0') THEN
        RETURN 0;
    END IF;
    FOR st IN SELECT s.* FROM pgtrickle.pgt_stream_tables s
              JOIN pgtrickle._emulation_depths() d ON d.pgt_id = s.pgt_id
              WHERE s.status = 'ACTIVE' AND s.refresh_mode <> 'IMMEDIATE'
              ORDER BY d.depth, s.pgt_id LOOP
        -- Re-read: an upstream refresh earlier in this tick may have changed what this table sees.
        SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
        CONTINUE WHEN st.pgt_id IS NULL OR st.status <> 'ACTIVE' OR NOT pgtrickle._emulation_is_due(st);
        CONTINUE WHEN EXISTS (SELECT 1 FROM pgtrickle._emulation_state e WHERE e.pgt_id = st.pgt_id AND e.retry_at > now());
        CONTINUE WHEN NOT pg_try_advisory_xact_lock(st.pgt_id);
        BEGIN
            started := clock_timestamp();
            action := pgtrickle._emulation_refresh(st.pgt_id, 'SCHEDULER');
            CONTINUE WHEN action IS NULL;
            done := done + 1;
            UPDATE pgtrickle._emulation_state SET retry_attempts = 0, retry_at = NULL
            WHERE pgt_id = st.pgt_id AND retry_attempts > 0;
            -- The real scheduler's alert after every completed refresh (NO_DATA included), delivered when the tick
            -- commits; rows and duration as the history row records them.
            IF NOT st.pooler_compatibility_mode THEN
                PERFORM pg_notify('pg_trickle_alert', json_build_object('event', 'refresh_completed',
                    'pgt_schema', st.pgt_schema, 'pgt_name', st.pgt_name, 'st', st.pgt_schema || '.' || st.pgt_name,
                    'action', action, 'rows_inserted', h.rows_inserted, 'rows_deleted', h.rows_deleted,
                    'duration_ms', floor(EXTRACT(EPOCH FROM clock_timestamp() - started) * 1000)::bigint)::text)
                FROM (SELECT r.rows_inserted, r.rows_deleted FROM pgtrickle.pgt_refresh_history r
                      WHERE r.pgt_id = st.pgt_id ORDER BY r.refresh_id DESC LIMIT 1) h;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                hint = PG_EXCEPTION_HINT;
            IF pgtrickle._emulation_is_retryable(message) THEN
                UPDATE pgtrickle._emulation_state
                SET retry_attempts = retry_attempts + 1,
                    retry_at = now() + pgtrickle._emulation_retry_delay(retry_attempts)
                WHERE pgt_id = st.pgt_id
                RETURNING retry_attempts INTO attempts;
                RAISE LOG 'pg_trickle emulation: retryable failure % of %.%: %', attempts, st.pgt_schema, st.pgt_name, message;
            ELSE
                UPDATE pgtrickle.pgt_stream_tables
                SET status = 'ERROR', last_error_message = pgtrickle._emulation_error_report(state, message, detail, hint),
                    last_error_at = now(), updated_at = now()
                WHERE pgt_id = st.pgt_id;
            END IF;
        END;
    END LOOP;
    RETURN done;
END
$$;

-- DROP TABLE on a storage table removes its catalog entry; dropping a source puts its readers (and theirs) into ERROR.
CREATE FUNCTION pgtrickle._emulation_on_sql_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
    obj record;
    reader record;
BEGIN
    FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects()
               WHERE object_type IN ('table', 'view', 'materialized view', 'foreign table') LOOP
        DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = obj.objid;
        FOR reader IN SELECT DISTINCT d.pgt_id FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = obj.objid LOOP
            UPDATE pgtrickle.pgt_stream_tables
            SET status = 'ERROR', last_error_message = format('source table %s was dropped', obj.object_identity),
                last_error_at = now(), updated_at = now()
            WHERE pgt_id = reader.pgt_id
               OR pgt_id IN (SELECT down.pgt_id FROM pgtrickle._emulation_downstream(reader.pgt_id) down);
        END LOOP;
        DELETE FROM pgtrickle_changes.source_versions WHERE source_relid = obj.objid;
    END LOOP;
END
$$;

DO $$
BEGIN
    CREATE EVENT TRIGGER pgtrickle_emulation_sql_drop ON sql_drop
        EXECUTE FUNCTION pgtrickle._emulation_on_sql_drop();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trickle emulation: not a superuser, so DROP TABLE on stream tables and sources is not tracked';
END
$$;

-- pg_trickle.block_source_ddl (era-B default on): a column-changing ALTER TABLE on a table that stream tables read is
-- refused (the whole ALTER is rolled back). Other ALTERs (constraints, indexes, owner) pass.
CREATE FUNCTION pgtrickle._emulation_on_ddl_end() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
    cmd record;
    readers text;
BEGIN
    IF lower(COALESCE(NULLIF(current_setting('pg_trickle.block_source_ddl', true), ''), 'on')) IN ('off', 'false', '0') THEN
        RETURN;
    END IF;
    FOR cmd IN SELECT DISTINCT c.objid FROM pg_event_trigger_ddl_commands() c
               WHERE c.command_tag = 'ALTER TABLE' AND c.classid = 'pg_class'::regclass LOOP
        SELECT string_agg(DISTINCT format('%s.%s', st.pgt_schema, st.pgt_name), ', ') INTO readers
        FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_stream_tables st USING (pgt_id)
        WHERE d.source_relid = cmd.objid AND d.source_type = 'TABLE'
          AND d.column_snapshot IS DISTINCT FROM pgtrickle._emulation_column_snapshot(cmd.objid);
        IF readers IS NOT NULL THEN
            RAISE EXCEPTION 'pg_trickle: ALTER TABLE on % blocked: stream tables depend on its columns (%)',
                cmd.objid::regclass, readers
                USING ERRCODE = '55000',
                      HINT = 'Drop or alter those stream tables first, or SET pg_trickle.block_source_ddl = off.';
        END IF;
    END LOOP;
END
$$;

DO $$
BEGIN
    CREATE EVENT TRIGGER pgtrickle_emulation_ddl_end ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
        EXECUTE FUNCTION pgtrickle._emulation_on_ddl_end();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trickle emulation: not a superuser, so ALTER TABLE on sources is not blocked';
END
$$;

-- CREATE OR REPLACE VIEW of a view stream tables read (directly or through other views) marks those stream tables for
-- reinitialisation, as the real extension's DDL hook does; the scheduler then rebuilds them at its next pass without
-- waiting for a source change. Tables a new view definition reads for the first time are not captured until the
-- stream table is altered or recreated.
CREATE FUNCTION pgtrickle._emulation_on_view_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pgtrickle.pgt_stream_tables st SET needs_reinit = true, updated_at = now()
    WHERE st.pgt_id IN (SELECT d.pgt_id FROM pgtrickle.pgt_dependencies d
                        JOIN pg_event_trigger_ddl_commands() c ON c.objid = d.source_relid
                        WHERE d.source_type = 'VIEW');
END
$$;

DO $$
BEGIN
    CREATE EVENT TRIGGER pgtrickle_emulation_view_ddl ON ddl_command_end WHEN TAG IN ('CREATE VIEW', 'ALTER VIEW')
        EXECUTE FUNCTION pgtrickle._emulation_on_view_ddl();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trickle emulation: not a superuser, so redefined views do not mark their readers for reinit';
END
$$;

-- The settings the runnable image bakes in, as database defaults, so that current_setting('pg_trickle.…') and SHOW
-- answer in every new session as they do on the real extension (dbt-pgtrickle's status macro reads some of them).
-- The emulation reads pg_trickle.enabled, min_schedule_seconds, block_source_ddl,
-- volatile_function_policy and max_grouping_set_branches.
DO $$
DECLARE
    setting text[];
BEGIN
    FOREACH setting SLICE 1 IN ARRAY ARRAY[
            ['pg_trickle.enabled', 'on'],
            ['pg_trickle.cdc_mode', 'auto'],
            ['pg_trickle.min_schedule_seconds', '1'],
            ['pg_trickle.default_schedule_seconds', '1'],
            ['pg_trickle.max_consecutive_errors', '3'],
            ['pg_trickle.block_source_ddl', 'on'],
            ['pg_trickle.cdc_paused', 'off'],
            ['pg_trickle.force_full_refresh', 'off'],
            ['pg_trickle.volatile_function_policy', 'reject'],
            ['pg_trickle.max_grouping_set_branches', '64']] LOOP
        EXECUTE format('ALTER DATABASE %I SET %s = %L', current_database(), setting[1], setting[2]);
    END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trickle emulation: not the database owner, so pg_trickle.* settings have no database defaults';
END
$$;
