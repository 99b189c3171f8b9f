-- pgtrickle-test emulation of pg_trickle 0.67, part 2: internal helpers (names start with _emulation_).
-- Error texts and SQLSTATEs follow the real era-B API: not found 42P01, duplicate 42P07, invalid argument 22023,
-- unsupported construct 0A000, query parse error 42000, cycle 42P15.

CREATE FUNCTION pgtrickle._emulation_raise(sqlstate text, message text, hint text DEFAULT NULL, detail text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF hint IS NULL AND detail IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message;
    ELSIF detail IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, HINT = hint;
    ELSIF hint IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail;
    ELSE
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, HINT = hint, DETAIL = detail;
    END IF;
END
$$;

-- Split on the FIRST dot only; no quote stripping, no case folding; unqualified names use current_schema().
CREATE FUNCTION pgtrickle._emulation_split_name(name text, OUT schema_name text, OUT table_name text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    dot int := position('.' IN name);
BEGIN
    IF dot > 0 THEN
        schema_name := substr(name, 1, dot - 1);
        table_name := substr(name, dot + 1);
    ELSE
        schema_name := COALESCE(current_schema(), 'public');
        table_name := name;
    END IF;
END
$$;

-- The catalog row for a name, or the real "stream table not found" error.
CREATE FUNCTION pgtrickle._emulation_find(name text, lock_row boolean DEFAULT false)
RETURNS pgtrickle.pgt_stream_tables LANGUAGE plpgsql AS $$
DECLARE
    parts record := pgtrickle._emulation_split_name(name);
    st pgtrickle.pgt_stream_tables;
BEGIN
    IF lock_row THEN
        SELECT * INTO st FROM pgtrickle.pgt_stream_tables
        WHERE pgt_schema = parts.schema_name AND pgt_name = parts.table_name FOR UPDATE;
    ELSE
        SELECT * INTO st FROM pgtrickle.pgt_stream_tables
        WHERE pgt_schema = parts.schema_name AND pgt_name = parts.table_name;
    END IF;
    IF st.pgt_id IS NULL THEN
        PERFORM pgtrickle._emulation_raise('42P01',
            format('stream table not found: %s.%s', parts.schema_name, parts.table_name),
            'Check the name with SELECT pgt_schema, pgt_name FROM pgtrickle.pgt_stream_tables.');
    END IF;
    RETURN st;
END
$$;

-- FULL, DIFFERENTIAL (alias INCREMENTAL), AUTO, IMMEDIATE; case-insensitive.
CREATE FUNCTION pgtrickle._emulation_parse_mode(mode text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m text := upper(btrim(mode));
BEGIN
    IF m = 'INCREMENTAL' THEN
        RETURN 'DIFFERENTIAL';
    ELSIF m IN ('FULL', 'DIFFERENTIAL', 'AUTO', 'IMMEDIATE') THEN
        RETURN m;
    END IF;
    PERFORM pgtrickle._emulation_raise('22023',
        format('invalid argument: unknown refresh mode: %s. Must be ''FULL'', ''DIFFERENTIAL'', ''AUTO'' or ''IMMEDIATE''', mode),
        'Use one of FULL, DIFFERENTIAL, AUTO or IMMEDIATE.');
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Cron: 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first); *, n, a-b, */n, a-b/n, lists;
-- month and weekday names; @yearly @annually @monthly @weekly @daily @midnight @hourly. Evaluated in UTC.
-- ---------------------------------------------------------------------------------------------------------------
CREATE FUNCTION pgtrickle._emulation_cron_fields(expr text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    e text := lower(btrim(expr));
    fields text[];
BEGIN
    e := CASE e
        WHEN '@yearly' THEN '0 0 1 1 *' WHEN '@annually' THEN '0 0 1 1 *' WHEN '@monthly' THEN '0 0 1 * *'
        WHEN '@weekly' THEN '0 0 * * 0' WHEN '@daily' THEN '0 0 * * *' WHEN '@midnight' THEN '0 0 * * *'
        WHEN '@hourly' THEN '0 * * * *' ELSE e END;
    IF e LIKE '@%' THEN
        RETURN NULL;
    END IF;
    fields := regexp_split_to_array(e, '\s+');
    IF array_length(fields, 1) = 5 THEN
        fields := ARRAY['0'] || fields;
    ELSIF array_length(fields, 1) <> 6 THEN
        RETURN NULL;
    END IF;
    RETURN fields;
END
$$;

-- The set of values one cron field allows, or NULL when the field is invalid.
CREATE FUNCTION pgtrickle._emulation_cron_values(field text, lo int, hi int) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    part text;
    m text[];
    a int;
    b int;
    step int;
    result int[] := '{}';
    f text := field;
BEGIN
    f := replace(replace(replace(replace(replace(replace(f, 'jan', '1'), 'feb', '2'), 'mar', '3'), 'apr', '4'), 'may', '5'), 'jun', '6');
    f := replace(replace(replace(replace(replace(replace(f, 'jul', '7'), 'aug', '8'), 'sep', '9'), 'oct', '10'), 'nov', '11'), 'dec', '12');
    f := replace(replace(replace(replace(replace(replace(replace(f, 'sun', '0'), 'mon', '1'), 'tue', '2'), 'wed', '3'), 'thu', '4'), 'fri', '5'), 'sat', '6');
    f := replace(f, '?', '*');
    FOREACH part IN ARRAY string_to_array(f, ',') LOOP
        m := regexp_match(part, '^(\*|[0-9]+|[0-9]+-[0-9]+)(/([0-9]+))?$');
        IF m IS NULL THEN
            RETURN NULL;
        END IF;
        IF m[1] = '*' THEN
            a := lo; b := hi;
        ELSIF position('-' IN m[1]) > 0 THEN
            a := split_part(m[1], '-', 1)::int; b := split_part(m[1], '-', 2)::int;
        ELSE
            a := m[1]::int; b := CASE WHEN m[3] IS NULL THEN a ELSE hi END;
        END IF;
        step := COALESCE(m[3]::int, 1);
        IF a < lo OR b > hi OR a > b OR step < 1 THEN
            RETURN NULL;
        END IF;
        result := result || ARRAY(SELECT generate_series(a, b, step));
    END LOOP;
    RETURN result;
END
$$;

CREATE FUNCTION pgtrickle._emulation_cron_valid(expr text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    f text[] := pgtrickle._emulation_cron_fields(expr);
BEGIN
    RETURN f IS NOT NULL
        AND pgtrickle._emulation_cron_values(f[1], 0, 59) IS NOT NULL
        AND pgtrickle._emulation_cron_values(f[2], 0, 59) IS NOT NULL
        AND pgtrickle._emulation_cron_values(f[3], 0, 23) IS NOT NULL
        AND pgtrickle._emulation_cron_values(f[4], 1, 31) IS NOT NULL
        AND pgtrickle._emulation_cron_values(f[5], 1, 12) IS NOT NULL
        AND pgtrickle._emulation_cron_values(replace(f[6], '7', '0'), 0, 6) IS NOT NULL;
END
$$;

-- The first cron occurrence strictly after "after" (UTC), searching minute by minute for at most ~400 days.
CREATE FUNCTION pgtrickle._emulation_cron_next(expr text, after timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    f text[] := pgtrickle._emulation_cron_fields(expr);
    secs int[] := pgtrickle._emulation_cron_values(f[1], 0, 59);
    mins int[] := pgtrickle._emulation_cron_values(f[2], 0, 59);
    hours int[] := pgtrickle._emulation_cron_values(f[3], 0, 23);
    doms int[] := pgtrickle._emulation_cron_values(f[4], 1, 31);
    months int[] := pgtrickle._emulation_cron_values(f[5], 1, 12);
    dows int[] := pgtrickle._emulation_cron_values(replace(f[6], '7', '0'), 0, 6);
    dom_any boolean := f[4] IN ('*', '?');
    dow_any boolean := f[6] IN ('*', '?');
    t timestamp := date_trunc('minute', after AT TIME ZONE 'UTC');
    s int;
    day_ok boolean;
    i int := 0;
BEGIN
    IF f IS NULL THEN
        RETURN NULL;
    END IF;
    WHILE i < 600000 LOOP
        IF extract(month FROM t)::int = ANY (months) THEN
            day_ok := CASE
                WHEN dom_any AND dow_any THEN true
                WHEN dom_any THEN extract(dow FROM t)::int = ANY (dows)
                WHEN dow_any THEN extract(day FROM t)::int = ANY (doms)
                ELSE extract(day FROM t)::int = ANY (doms) OR extract(dow FROM t)::int = ANY (dows) END;
            IF NOT day_ok THEN
                t := date_trunc('day', t) + interval '1 day';
                i := i + 1;
                CONTINUE;
            END IF;
            IF NOT (extract(hour FROM t)::int = ANY (hours)) THEN
                t := date_trunc('hour', t) + interval '1 hour';
                i := i + 1;
                CONTINUE;
            END IF;
            IF extract(minute FROM t)::int = ANY (mins) THEN
                FOREACH s IN ARRAY secs LOOP
                    IF (t + make_interval(secs => s)) AT TIME ZONE 'UTC' > after THEN
                        RETURN (t + make_interval(secs => s)) AT TIME ZONE 'UTC';
                    END IF;
                END LOOP;
            END IF;
            t := t + interval '1 minute';
        ELSE
            t := date_trunc('month', t) + interval '1 month';
        END IF;
        i := i + 1;
    END LOOP;
    RETURN NULL;
END
$$;

-- Validates a schedule and returns the value to store: the trimmed text, or NULL for CALCULATED.
CREATE FUNCTION pgtrickle._emulation_validate_schedule(schedule text, mode text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    s text := btrim(schedule);
    seconds bigint;
    minimum bigint := COALESCE(NULLIF(current_setting('pg_trickle.min_schedule_seconds', true), '')::bigint, 1);
    bad text;
BEGIN
    IF mode = 'IMMEDIATE' THEN
        RETURN NULL;
    END IF;
    IF schedule IS NULL THEN
        PERFORM pgtrickle._emulation_raise('22023',
            'invalid argument: use ''calculated'' instead of NULL to set CALCULATED schedule',
            'Pass schedule => ''calculated'' for a CALCULATED schedule, or a duration such as ''1m''.');
    END IF;
    IF s = '' THEN
        PERFORM pgtrickle._emulation_raise('22023', 'invalid argument: schedule cannot be empty',
            'Use a duration such as ''1m'', a cron expression, or ''calculated''.');
    END IF;
    IF lower(s) = 'calculated' THEN
        RETURN NULL;
    END IF;
    IF s ~ '\s' OR s LIKE '@%' THEN
        IF NOT pgtrickle._emulation_cron_valid(s) THEN
            PERFORM pgtrickle._emulation_raise('22023',
                format('invalid argument: invalid cron expression ''%s''', s),
                'Use 5 or 6 cron fields such as ''*/5 * * * *'', or @hourly, @daily, @weekly, @monthly, @yearly.');
        END IF;
        RETURN s;
    END IF;
    seconds := pgtrickle.parse_duration_seconds(s);
    IF seconds IS NULL THEN
        -- The first run of non-digits that is not a single valid unit ('ms', 'M', '.', ' ', ...).
        SELECT m[1] INTO bad FROM regexp_matches(s, '[^0-9]+', 'g') m WHERE m[1] !~ '^[smhdw]$' LIMIT 1;
        bad := COALESCE(bad, s);
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: invalid duration unit ''%s'' in ''%s''. Use s (seconds), m (minutes), h (hours), d (days), w (weeks), e.g. ''30s'', ''5m'', ''1h30m''', bad, s),
            'Units are lower case; decimals, spaces and ms are not accepted.');
    END IF;
    IF seconds < minimum THEN
        PERFORM pgtrickle._emulation_raise('22023',
            format('invalid argument: schedule must be at least %ss, got %ss', minimum, seconds),
            'Lower pg_trickle.min_schedule_seconds or use a longer schedule.');
    END IF;
    RETURN s;
END
$$;

-- The query with everything that is not at parenthesis depth 0 (literals, quoted names, comments, parenthesised
-- parts) blanked out and the rest lower-cased, keeping every character's position.
CREATE FUNCTION pgtrickle._emulation_top_level_mask(query text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    chars text[] := string_to_array(query, NULL);
    n int := COALESCE(array_length(chars, 1), 0);
    result text[] := array_fill(' '::text, ARRAY[GREATEST(n, 1)]);
    i int := 1;
    depth int := 0;
    c text;
    tag text;
    close_at int;
BEGIN
    WHILE i <= n LOOP
        c := chars[i];
        IF c = '''' OR c = '"' THEN
            i := i + 1;
            WHILE i <= n LOOP
                IF chars[i] = c THEN
                    IF i < n AND chars[i + 1] = c THEN
                        i := i + 1;
                    ELSE
                        EXIT;
                    END IF;
                END IF;
                i := i + 1;
            END LOOP;
        ELSIF c = '-' AND i < n AND chars[i + 1] = '-' THEN
            WHILE i <= n AND chars[i] <> E'\n' LOOP
                i := i + 1;
            END LOOP;
        ELSIF c = '/' AND i < n AND chars[i + 1] = '*' THEN
            i := i + 2;
            WHILE i < n AND NOT (chars[i] = '*' AND chars[i + 1] = '/') LOOP
                i := i + 1;
            END LOOP;
            i := i + 1;
        ELSIF c = '$' AND substring(substr(query, i) FROM '^\$[A-Za-z_]*\$') IS NOT NULL THEN
            tag := substring(substr(query, i) FROM '^\$[A-Za-z_]*\$');
            close_at := position(tag IN substr(query, i + length(tag)));
            i := CASE WHEN close_at = 0 THEN n ELSE i + length(tag) + close_at + length(tag) - 2 END;
        ELSIF c = '(' THEN
            depth := depth + 1;
        ELSIF c = ')' THEN
            depth := depth - 1;
        ELSIF depth = 0 THEN
            result[i] := lower(c);
        END IF;
        i := i + 1;
    END LOOP;
    RETURN array_to_string(result, '');
END
$$;

-- Relations a view's rule reads directly.
CREATE FUNCTION pgtrickle._emulation_rule_relations(view_oid oid) RETURNS SETOF oid
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT d.refobjid
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                     AND d.refclassid = 'pg_class'::regclass
    WHERE r.ev_class = view_oid AND d.refobjid <> view_oid
$$;

-- Everything a view reads, through nested views, with depth 1 for direct reads.
CREATE FUNCTION pgtrickle._emulation_reachable_relations(view_oid oid)
RETURNS TABLE (relid oid, direct boolean) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE reach(relid, depth) AS (
        SELECT r, 1 FROM pgtrickle._emulation_rule_relations(view_oid) r
        UNION
        SELECT n, reach.depth + 1
        FROM reach
        JOIN pg_class c ON c.oid = reach.relid AND c.relkind = 'v'
        CROSS JOIN LATERAL pgtrickle._emulation_rule_relations(reach.relid) n
        WHERE reach.depth < 32
    )
    SELECT relid, bool_or(depth = 1) FROM reach GROUP BY relid
$$;

-- What a defining query looks like to the emulation: output columns, sources, the refresh mode it resolves to.
-- Raises the real rejections: no columns, no tables, LIMIT without ORDER BY, and for DIFFERENTIAL/IMMEDIATE volatile
-- functions, materialized views and foreign tables (AUTO falls back to FULL with a WARNING instead).
CREATE FUNCTION pgtrickle._emulation_analyze(
    query text, mode text,
    OUT column_names text[], OUT column_types text[], OUT source_oids oid[], OUT source_types text[],
    OUT resolved_mode text, OUT downgrade_reason text, OUT topk_limit int, OUT topk_offset int)
LANGUAGE plpgsql AS $$
DECLARE
    probe text := format('_pgt_probe_%s', substr(md5(random()::text || clock_timestamp()::text), 1, 16));
    probe_oid oid;
    top text := pgtrickle._emulation_top_level_mask(query);
    volatile_names text;
    stable_names text;
    problem text;
    rel record;
BEGIN
    resolved_mode := mode;
    IF top ~ '\m(limit|offset|fetch)\M' THEN
        IF top ~ '\morder\s+by\M' AND top ~ '\mlimit\s+[0-9]+' THEN
            topk_limit := substring(top FROM '\mlimit\s+([0-9]+)')::int;
            topk_offset := substring(top FROM '\moffset\s+([0-9]+)')::int;
        ELSE
            PERFORM pgtrickle._emulation_raise('0A000',
                'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries. Stream tables materialize the full result set.',
                'Remove LIMIT/OFFSET, or use ORDER BY ... LIMIT <constant> for a top-K stream table.',
                'LIMIT and OFFSET are only accepted together with a top-level ORDER BY (top-K).');
        END IF;
    END IF;
    IF top ~ '\mfor\s+(update|share|no\s+key\s+update|key\s+share)\M' THEN
        PERFORM pgtrickle._emulation_raise('0A000',
            'unsupported operator for DIFFERENTIAL mode: FOR UPDATE/FOR SHARE is not supported in defining queries',
            'Remove the locking clause.');
    END IF;

    EXECUTE format('CREATE TEMP VIEW %I AS SELECT * FROM (%s) sub', probe, query);
    probe_oid := format('pg_temp.%I', probe)::regclass::oid;

    SELECT COALESCE(array_agg(a.attname::text ORDER BY a.attnum), '{}'),
           COALESCE(array_agg(format_type(a.atttypid, NULL) ORDER BY a.attnum), '{}')
      INTO column_names, column_types
      FROM pg_attribute a WHERE a.attrelid = probe_oid AND a.attnum > 0 AND NOT a.attisdropped;

    SELECT COALESCE(array_agg(r.relid ORDER BY r.relid), '{}'),
           COALESCE(array_agg(CASE
               WHEN st.pgt_id IS NOT NULL THEN 'STREAM_TABLE'
               WHEN c.relkind = 'v' THEN 'VIEW'
               WHEN c.relkind = 'm' THEN 'MATVIEW'
               WHEN c.relkind = 'f' THEN 'FOREIGN_TABLE'
               ELSE 'TABLE' END ORDER BY r.relid), '{}')
      INTO source_oids, source_types
      FROM pgtrickle._emulation_reachable_relations(probe_oid) r
      JOIN pg_class c ON c.oid = r.relid
      LEFT JOIN pgtrickle.pgt_stream_tables st ON st.pgt_relid = r.relid
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f');

    WITH funcs AS (
        SELECT DISTINCT m[2]::oid AS fn
        FROM pg_rewrite rw, regexp_matches(rw.ev_action::text, ':(funcid|opfuncid|aggfnoid|winfnoid) ([0-9]+)', 'g') m
        WHERE rw.ev_class = probe_oid
           OR rw.ev_class IN (SELECT relid FROM pgtrickle._emulation_reachable_relations(probe_oid))
    )
    SELECT string_agg(DISTINCT p.proname || '()', ', ') FILTER (WHERE p.provolatile = 'v'),
           string_agg(DISTINCT p.proname || '()', ', ') FILTER (WHERE p.provolatile = 's')
      INTO volatile_names, stable_names
      FROM funcs JOIN pg_proc p ON p.oid = funcs.fn;

    EXECUTE format('DROP VIEW pg_temp.%I', probe);

    IF cardinality(column_names) = 0 THEN
        PERFORM pgtrickle._emulation_raise('42000', 'query parse error: Defining query returns no columns',
            'Select at least one column.');
    END IF;
    IF cardinality(source_oids) = 0 THEN
        PERFORM pgtrickle._emulation_raise('42000', 'query parse error: Defining query references no tables',
            'A stream table must read at least one table, view or stream table.');
    END IF;

    IF mode IN ('DIFFERENTIAL', 'IMMEDIATE', 'AUTO') THEN
        IF volatile_names IS NOT NULL THEN
            problem := format('Defining query contains volatile expressions (%s) whose results change on every evaluation, so they cannot be maintained incrementally. Use FULL refresh mode instead.', volatile_names);
        ELSE
            FOR rel IN SELECT unnest(source_oids) AS relid, unnest(source_types) AS kind LOOP
                IF rel.kind = 'MATVIEW' THEN
                    problem := format('Materialized view ''%s'' cannot be used as a source in DIFFERENTIAL mode. Refresh it yourself and switch to FULL refresh mode.', rel.relid::regclass);
                ELSIF rel.kind = 'FOREIGN_TABLE' THEN
                    problem := format('Foreign table ''%s'' cannot be used as a source in DIFFERENTIAL mode. Switch to FULL refresh mode.', rel.relid::regclass);
                END IF;
            END LOOP;
        END IF;
        IF problem IS NOT NULL THEN
            IF mode = 'AUTO' THEN
                RAISE WARNING '[pg_trickle] Falling back to FULL refresh: %', problem;
                resolved_mode := 'FULL';
                downgrade_reason := problem;
            ELSE
                PERFORM pgtrickle._emulation_raise('0A000', 'unsupported operator for DIFFERENTIAL mode: ' || problem,
                    'Use refresh_mode => ''FULL'' or ''AUTO''.',
                    format('refresh mode %s needs an incrementally maintainable query', mode));
            END IF;
        ELSIF mode = 'AUTO' THEN
            resolved_mode := 'DIFFERENTIAL';
        END IF;
        IF resolved_mode <> 'FULL' AND stable_names IS NOT NULL THEN
            RAISE WARNING '[pg_trickle] defining query uses stable functions (%); their values are taken at refresh time', stable_names;
        END IF;
    END IF;
END
$$;

-- The query a refresh runs for a DIFFERENTIAL/IMMEDIATE stream table whose top level groups or de-duplicates: the
-- user's query plus __pgt_count (rows per group, or copies per distinct row), the auxiliary column the real
-- extension keeps for such queries. NULL when the stream table has no such column.
CREATE FUNCTION pgtrickle._emulation_counted_query(query text, mode text, column_names text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    mask text;
    select_at int;
    from_at int;
    distinct_at int;
BEGIN
    IF mode NOT IN ('DIFFERENTIAL', 'IMMEDIATE') THEN
        RETURN NULL;
    END IF;
    mask := pgtrickle._emulation_top_level_mask(query);
    IF mask ~ '\m(union|intersect|except|limit|offset|fetch)\M' THEN
        RETURN NULL;
    END IF;
    select_at := regexp_instr(mask, '\mselect\M');
    IF select_at = 0 THEN
        RETURN NULL;
    END IF;
    IF mask ~ '\mgroup\s+by\M' THEN
        from_at := regexp_instr(mask, '\mfrom\M', select_at);
        IF from_at = 0 THEN
            RETURN NULL;
        END IF;
        RETURN substr(query, 1, from_at - 1) || ', count(*) AS __pgt_count ' || substr(query, from_at);
    END IF;
    distinct_at := regexp_instr(mask, '\mdistinct\M', select_at);
    IF distinct_at > 0 AND substr(mask, select_at, distinct_at - select_at) ~ '^select\s+$'
       AND substr(mask, distinct_at) !~ '^distinct\s+on\M' THEN
        RETURN format('SELECT %s, count(*) AS __pgt_count FROM (%s) sub GROUP BY %s',
            (SELECT string_agg(format('sub.%I', c), ', ') FROM unnest(column_names) c),
            substr(query, 1, distinct_at - 1) || '        ' || substr(query, distinct_at + 8),
            (SELECT string_agg(format('sub.%I', c), ', ') FROM unnest(column_names) c));
    END IF;
    RETURN NULL;
END
$$;
