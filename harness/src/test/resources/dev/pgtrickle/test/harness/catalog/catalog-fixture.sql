-- Test-only stand-in for pg_trickle's catalog, used by the catalog tests only while the emulation (branch
-- `emulation`) is not installed in project databases. It reproduces the era-B column names the handle reads and a
-- FULL refresh; nothing else of pg_trickle. The "scheduler" is pgtrickle_fixture.tick(), called by the tests.
CREATE SCHEMA IF NOT EXISTS pgtrickle;
CREATE SCHEMA pgtrickle_fixture;

CREATE TABLE pgtrickle.pgt_stream_tables (
    pgt_id bigserial PRIMARY KEY,
    pgt_relid oid NOT NULL,
    pgt_name text NOT NULL,
    pgt_schema text NOT NULL,
    defining_query text NOT NULL,
    original_query text,
    schedule text,
    refresh_mode text NOT NULL DEFAULT 'DIFFERENTIAL',
    status text NOT NULL DEFAULT 'INITIALIZING',
    is_populated boolean NOT NULL DEFAULT false,
    data_timestamp timestamptz,
    last_refresh_at timestamptz,
    consecutive_errors int NOT NULL DEFAULT 0,
    last_error_message text,
    last_error_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (pgt_schema, pgt_name)
);

CREATE TABLE pgtrickle.pgt_refresh_history (
    refresh_id bigserial PRIMARY KEY,
    pgt_id bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables ON DELETE CASCADE,
    data_timestamp timestamptz NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz,
    action text NOT NULL,
    rows_inserted bigint DEFAULT 0,
    rows_deleted bigint DEFAULT 0,
    error_message text,
    status text NOT NULL,
    initiated_by text
);

CREATE FUNCTION pgtrickle_fixture.seconds(schedule text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT (m[1])::bigint * CASE m[2] WHEN 'm' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 WHEN 'w' THEN 604800
                                      ELSE 1 END
    FROM regexp_match(schedule, '^(\d+)([smhdw]?)$') AS m
$$;

CREATE VIEW pgtrickle.pg_stat_stream_tables AS
SELECT pgt_id, pgt_schema, pgt_name, status, refresh_mode, is_populated, data_timestamp, schedule,
       now() - last_refresh_at AS staleness,
       CASE WHEN schedule IS NOT NULL AND last_refresh_at IS NOT NULL AND schedule !~ '[\s@]'
            THEN EXTRACT(EPOCH FROM now() - last_refresh_at) > pgtrickle_fixture.seconds(schedule) END AS stale,
       consecutive_errors, last_refresh_at
FROM pgtrickle.pgt_stream_tables;

CREATE FUNCTION pgtrickle_fixture.fill(st pgtrickle.pgt_stream_tables, initiated text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    deleted bigint;
    inserted bigint;
BEGIN
    EXECUTE format('DELETE FROM %I.%I', st.pgt_schema, st.pgt_name);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    EXECUTE format('INSERT INTO %I.%I SELECT row_number() OVER (), q.* FROM (%s) q',
                   st.pgt_schema, st.pgt_name, st.defining_query);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    UPDATE pgtrickle.pgt_stream_tables
       SET status = 'ACTIVE', is_populated = true, data_timestamp = now(), last_refresh_at = clock_timestamp(),
           consecutive_errors = 0, last_error_message = NULL, last_error_at = NULL
     WHERE pgt_id = st.pgt_id;
    INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, end_time, action, rows_inserted,
                                               rows_deleted, status, initiated_by)
    VALUES (st.pgt_id, now(), now(), clock_timestamp(), 'FULL', inserted, deleted, 'COMPLETED', initiated);
END $$;

CREATE FUNCTION pgtrickle_fixture.create(name text, query text, schedule text, refresh_mode text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    s text := CASE WHEN position('.' IN name) > 0 THEN split_part(name, '.', 1) ELSE current_schema() END;
    n text := CASE WHEN position('.' IN name) > 0 THEN substr(name, position('.' IN name) + 1) ELSE name END;
BEGIN
    EXECUTE format('CREATE TABLE %I.%I AS SELECT NULL::bigint AS __pgt_row_id, q.* FROM (%s) q WITH NO DATA',
                   s, n, query);
    INSERT INTO pgtrickle.pgt_stream_tables (pgt_relid, pgt_name, pgt_schema, defining_query, schedule, refresh_mode)
    VALUES (format('%I.%I', s, n)::regclass, n, s, query,
            CASE WHEN lower(schedule) = 'calculated' THEN NULL ELSE schedule END, refresh_mode)
    RETURNING * INTO st;
    PERFORM pgtrickle_fixture.fill(st, 'INITIAL');
END $$;

CREATE FUNCTION pgtrickle.refresh_stream_table(name text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables
     WHERE pgt_schema || '.' || pgt_name = name OR (pgt_schema = current_schema() AND pgt_name = name);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'stream table not found: %', name;
    END IF;
    PERFORM pgtrickle_fixture.fill(st, 'MANUAL');
END $$;

-- One scheduler pass: refresh every ACTIVE table; a failing refresh turns the table ERROR, as era B does for
-- non-retryable errors.
CREATE FUNCTION pgtrickle_fixture.tick() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
BEGIN
    FOR st IN SELECT * FROM pgtrickle.pgt_stream_tables WHERE status = 'ACTIVE' ORDER BY pgt_id LOOP
        BEGIN
            PERFORM pgtrickle_fixture.fill(st, 'SCHEDULER');
        EXCEPTION WHEN OTHERS THEN
            UPDATE pgtrickle.pgt_stream_tables
               SET status = 'ERROR', last_error_message = SQLERRM, last_error_at = now()
             WHERE pgt_id = st.pgt_id;
        END;
    END LOOP;
END $$;
