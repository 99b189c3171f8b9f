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

-- ---------------------------------------------------------------------------------------------------------------
-- Query analysis. The defining query is analysed by PostgreSQL itself (a temporary view over it) and read back from
-- the view's rewrite rule, so nesting, range-table kinds, grouping sets and function OIDs are seen exactly as
-- PostgreSQL parsed them; no regular expressions over the user's SQL text decide what is accepted.
-- ---------------------------------------------------------------------------------------------------------------

-- A pg_node_tree (the text form of pg_rewrite.ev_action) as jsonb: {NODE :field value ...} becomes
-- {"node": "NODE", "field": value}, lists become arrays, <> becomes null and every scalar a string. Tokens follow
-- PostgreSQL's own reader: (, ), {, } stand alone, backslash escapes the next character, a Const's datum is
-- "length [ bytes ]" (kept as the byte array).
CREATE FUNCTION pgtrickle._emulation_node_json(tree text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    tok text;
    parts text[] := '{}';
    prev text := 'open';
    expect_name boolean := false;
    skip_length boolean := false;
BEGIN
    FOR tok IN SELECT m[1] FROM regexp_matches(tree, '([(){}]|(?:[^\s(){}\\]|\\.)+)', 'g') m LOOP
        IF expect_name THEN
            parts := parts || to_json(tok)::text;
            expect_name := false;
            prev := 'value';
            CONTINUE;
        END IF;
        IF skip_length THEN
            skip_length := false;
            CONTINUE WHEN tok <> '<>';
        END IF;
        IF tok IN ('}', ')', ']') THEN
            parts := parts || CASE tok WHEN '}' THEN '}' ELSE ']' END;
            prev := 'value';
            CONTINUE;
        END IF;
        IF prev = 'value' THEN
            parts := parts || ','::text;
        END IF;
        IF tok = '{' THEN
            parts := parts || '{"node":'::text;
            expect_name := true;
        ELSIF tok IN ('(', '[') THEN
            parts := parts || '['::text;
            prev := 'open';
        ELSIF left(tok, 1) = ':' THEN
            parts := parts || (to_json(substr(tok, 2))::text || ':');
            prev := 'key';
            skip_length := tok = ':constvalue';
        ELSIF tok = '<>' THEN
            parts := parts || 'null'::text;
            prev := 'value';
        ELSE
            IF length(tok) >= 2 AND left(tok, 1) = '"' AND right(tok, 1) = '"' THEN
                tok := substr(tok, 2, length(tok) - 2);
            END IF;
            parts := parts || to_json(regexp_replace(tok, '\\(.)', '\1', 'g'))::text;
            prev := 'value';
        END IF;
    END LOOP;
    RETURN array_to_string(parts, '')::jsonb;
END
$$;

-- The elements of a node list, none for a NULL list.
CREATE FUNCTION pgtrickle._emulation_node_list(list jsonb) RETURNS SETOF jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(list) = 'array' THEN list ELSE '[]' END) e
    WHERE jsonb_typeof(e) = 'object'
$$;

-- Every Query a defining query contains, with the part it plays for the real DVM parser: 'top' (the defining query),
-- 'branch' (a UNION/INTERSECT/EXCEPT operand of the top level), 'subquery' (a FROM subquery, at any depth) or 'cte'
-- (a WITH body). Subqueries in expressions (EXISTS, IN, scalar) are not listed: the real parser copies them as SQL.
CREATE FUNCTION pgtrickle._emulation_query_parts(top jsonb) RETURNS TABLE (role text, query jsonb)
LANGUAGE sql IMMUTABLE AS $$
    WITH RECURSIVE parts(role, query) AS (
        SELECT 'top', top
        UNION ALL
        SELECT child.role, child.query
        FROM parts p
        CROSS JOIN LATERAL (
            SELECT CASE WHEN p.role IN ('top', 'branch') AND jsonb_typeof(p.query -> 'setOperations') = 'object'
                        THEN 'branch' ELSE 'subquery' END, rte -> 'subquery'
            FROM pgtrickle._emulation_node_list(p.query -> 'rtable') rte
            WHERE rte ->> 'rtekind' = '1'
            UNION ALL
            SELECT 'cte', cte -> 'ctequery' FROM pgtrickle._emulation_node_list(p.query -> 'cteList') cte
        ) child(role, query)
    )
    SELECT role, query FROM parts
$$;

-- An expression with its implicit casts (FUNCEXPR of format 2, one argument) peeled off.
CREATE FUNCTION pgtrickle._emulation_without_implicit_casts(expr jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    WHILE expr ->> 'node' = 'FUNCEXPR' AND expr ->> 'funcformat' = '2' AND jsonb_array_length(expr -> 'args') = 1 LOOP
        expr := expr -> 'args' -> 0;
    END LOOP;
    RETURN expr;
END
$$;

-- The value of an integer constant (looking through implicit casts), NULL for anything else. Datums are stored
-- little-endian on the platforms the embedded server runs on.
CREATE FUNCTION pgtrickle._emulation_const_int(expr jsonb) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n numeric := 0;
    len int;
    i int;
BEGIN
    expr := pgtrickle._emulation_without_implicit_casts(expr);
    IF expr ->> 'node' <> 'CONST' OR expr ->> 'constisnull' = 'true' OR expr ->> 'consttype' NOT IN ('20', '21', '23') THEN
        RETURN NULL;
    END IF;
    len := (expr ->> 'constlen')::int;
    FOR i IN REVERSE len - 1 .. 0 LOOP
        n := n * 256 + (expr -> 'constvalue' ->> i)::int;
    END LOOP;
    IF n >= power(2::numeric, 8 * len - 1) THEN
        n := n - power(2::numeric, 8 * len);
    END IF;
    RETURN n;
END
$$;

-- LIMIT ALL (and LIMIT NULL): a NULL constant.
CREATE FUNCTION pgtrickle._emulation_is_limit_all(expr jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    WHILE expr ->> 'node' = 'FUNCEXPR' AND expr ->> 'funcformat' = '2' AND jsonb_array_length(expr -> 'args') = 1 LOOP
        expr := expr -> 'args' -> 0;
    END LOOP;
    RETURN expr ->> 'node' = 'CONST' AND expr ->> 'constisnull' = 'true';
END
$$;

-- How many GROUP BY branches one grouping-set element expands to: CUBE(n) 2^n, ROLLUP(n) n+1, GROUPING SETS the sum
-- of its members, a plain column or () one.
CREATE FUNCTION pgtrickle._emulation_grouping_branches(gs jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE gs ->> 'kind'
        WHEN '2' THEN (SELECT count(*) + 1 FROM pgtrickle._emulation_node_list(gs -> 'content'))
        WHEN '3' THEN power(2::numeric, (SELECT count(*) FROM pgtrickle._emulation_node_list(gs -> 'content')))
        WHEN '4' THEN (SELECT COALESCE(sum(pgtrickle._emulation_grouping_branches(c)), 0)
                       FROM pgtrickle._emulation_node_list(gs -> 'content') c)
        ELSE 1 END
$$;

-- The real rejections of the defining query's shape, in the real order. Returns the problem text (without the
-- error prefix) and whether it is a construct the API layer refuses in every mode ('api'), one the DVM parser refuses
-- in DIFFERENTIAL/IMMEDIATE ('dvm'), or a query error in every mode, AUTO included ('always').
CREATE FUNCTION pgtrickle._emulation_shape_problems(query text, top jsonb,
    OUT stage text, OUT sqlstate text, OUT problem text, OUT topk_limit int, OUT topk_offset int)
RETURNS SETOF record LANGUAGE plpgsql AS $$
DECLARE
    part record;
    rte jsonb;
    cte jsonb;
    branches numeric;
    max_branches int := COALESCE(NULLIF(current_setting('pg_trickle.max_grouping_set_branches', true), '')::int, 64);
    gs jsonb;
    is_topk boolean := false;
    offset_value bigint;
    limit_value bigint;
    at_text text;
    pos int;
    prefix text;
BEGIN
    -- Grouping sets are expanded before anything else (rewrite_grouping_sets), in every mode.
    FOR part IN SELECT * FROM pgtrickle._emulation_query_parts(top) LOOP
        branches := 1;
        FOR gs IN SELECT * FROM pgtrickle._emulation_node_list(part.query -> 'groupingSets') LOOP
            branches := branches * pgtrickle._emulation_grouping_branches(gs);
            IF branches > max_branches THEN
                stage := 'always'; sqlstate := '42000';
                problem := format('query parse error: CUBE/ROLLUP generates %s grouping set branches which exceeds the limit of %s. Use explicit GROUPING SETS(...) to enumerate only the required combinations, or raise pg_trickle.max_grouping_set_branches.', round(branches), max_branches);
                RETURN NEXT;
                RETURN;
            END IF;
        END LOOP;
    END LOOP;

    -- TopK: ORDER BY + constant LIMIT at the top of a plain SELECT (FETCH FIRST n ROWS is the same LIMIT).
    IF jsonb_typeof(top -> 'setOperations') <> 'object' AND jsonb_typeof(top -> 'sortClause') = 'array'
       AND jsonb_typeof(top -> 'limitCount') = 'object' AND NOT pgtrickle._emulation_is_limit_all(top -> 'limitCount') THEN
        stage := 'always'; sqlstate := '0A000';
        IF jsonb_typeof(top -> 'limitOffset') = 'object' THEN
            offset_value := pgtrickle._emulation_const_int(top -> 'limitOffset');
            IF offset_value IS NULL THEN
                problem := 'unsupported operator for DIFFERENTIAL mode: OFFSET in defining queries must be a constant integer (e.g., OFFSET 10). Dynamic expressions like OFFSET (SELECT ...) are not supported.';
                RETURN NEXT; RETURN;
            ELSIF offset_value < 0 THEN
                problem := 'unsupported operator for DIFFERENTIAL mode: OFFSET must be a non-negative constant integer.';
                RETURN NEXT; RETURN;
            END IF;
        END IF;
        limit_value := pgtrickle._emulation_const_int(top -> 'limitCount');
        IF limit_value IS NULL THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: LIMIT in defining queries must be a constant integer (e.g., LIMIT 100). Dynamic expressions like LIMIT (SELECT ...) are not supported for TopK stream tables.';
            RETURN NEXT; RETURN;
        END IF;
        IF limit_value >= 0 THEN
            is_topk := true;
            stage := 'topk'; sqlstate := NULL; problem := NULL;
            topk_limit := limit_value;
            topk_offset := NULLIF(offset_value, 0);
            RETURN NEXT;
        END IF;
    END IF;

    -- LIMIT/OFFSET at the top without TopK: refused in every mode (LIMIT ALL is no LIMIT).
    IF NOT is_topk THEN
        stage := 'always'; sqlstate := '0A000';
        IF jsonb_typeof(top -> 'limitCount') = 'object' AND NOT pgtrickle._emulation_is_limit_all(top -> 'limitCount') THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in defining queries without ORDER BY. Use ORDER BY + LIMIT for TopK stream tables, or omit LIMIT to materialize the full result set.';
            RETURN NEXT; RETURN;
        END IF;
        IF jsonb_typeof(top -> 'limitOffset') = 'object' THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: OFFSET is not supported in defining queries without ORDER BY + LIMIT. Use ORDER BY + LIMIT + OFFSET for paged TopK stream tables, or omit OFFSET to materialize the full result set.';
            RETURN NEXT; RETURN;
        END IF;
    END IF;

    -- Constructs the API refuses at the top level and in set-operation operands: TABLESAMPLE, FOR UPDATE/SHARE.
    FOR part IN SELECT * FROM pgtrickle._emulation_query_parts(top) WHERE role IN ('top', 'branch') LOOP
        stage := 'api'; sqlstate := '0A000';
        IF EXISTS (SELECT 1 FROM pgtrickle._emulation_node_list(part.query -> 'rtable') r
                   WHERE jsonb_typeof(r -> 'tablesample') = 'object') THEN
            -- Only the message's position is taken from the text: the real one points at the sampling method.
            pos := NULLIF(regexp_instr(query, '\mtablesample\s+\w', 1, 1, 1, 'i'), 0) - 1;
            IF pos IS NOT NULL THEN
                prefix := substr(query, 1, pos - 1);
                at_text := format(' at line %s, column %s', 1 + length(prefix) - length(replace(prefix, E'\n', '')),
                    pos - CASE WHEN strpos(prefix, E'\n') = 0 THEN 0
                               ELSE length(prefix) - strpos(reverse(prefix), E'\n') + 1 END);
            END IF;
            problem := format('unsupported operator for DIFFERENTIAL mode: TABLESAMPLE%s is not supported in defining queries. Stream tables materialize the complete result set; use a WHERE condition with random() if sampling is needed.', COALESCE(at_text, ''));
            RETURN NEXT; RETURN;
        END IF;
        IF jsonb_typeof(part.query -> 'rowMarks') = 'array' THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: FOR UPDATE/FOR SHARE is not supported in defining queries. Stream tables do not support row-level locking. Remove the FOR UPDATE/FOR SHARE clause.';
            RETURN NEXT; RETURN;
        END IF;
    END LOOP;

    IF is_topk THEN
        RETURN;  -- TopK queries bypass the DVM parser.
    END IF;

    -- What the DVM parser refuses (DIFFERENTIAL/IMMEDIATE only; AUTO falls back to FULL).
    stage := 'dvm';
    FOR part IN SELECT * FROM pgtrickle._emulation_query_parts(top) LOOP
        FOR cte IN SELECT * FROM pgtrickle._emulation_node_list(part.query -> 'cteList') LOOP
            sqlstate := '0A000';
            IF jsonb_typeof(cte -> 'search_clause') = 'object' THEN
                problem := format('unsupported operator for DIFFERENTIAL mode: SEARCH clause (SEARCH BREADTH/DEPTH FIRST BY) is not yet supported in differential mode (planned for v1.1.0). CTE: ''%s''. Remove the SEARCH clause from the recursive CTE definition, or use REFRESH MODE FULL if the query requires it.', cte ->> 'ctename');
                RETURN NEXT; RETURN;
            END IF;
            IF jsonb_typeof(cte -> 'cycle_clause') = 'object' THEN
                problem := format('unsupported operator for DIFFERENTIAL mode: CYCLE clause (CYCLE ... SET ... USING) is not yet supported in differential mode (planned for v1.1.0). CTE: ''%s''. Remove the CYCLE clause from the recursive CTE definition, or use REFRESH MODE FULL if the query requires it.', cte ->> 'ctename');
                RETURN NEXT; RETURN;
            END IF;
        END LOOP;
        FOR rte IN SELECT * FROM pgtrickle._emulation_node_list(part.query -> 'rtable') LOOP
            IF rte ->> 'rtekind' = '5' THEN
                sqlstate := '42000';
                problem := 'query parse error: Defining query must have a FROM clause (op=0, all=false, larg_null=true, rarg_null=true, target_len=0, where_null=true)';
                RETURN NEXT; RETURN;
            ELSIF rte ->> 'rtekind' = '3' AND jsonb_array_length(rte -> 'functions') > 1 THEN
                sqlstate := '0A000';
                problem := 'unsupported operator for DIFFERENTIAL mode: ROWS FROM() with multiple functions is not supported. Use a single set-returning function in FROM instead.';
                RETURN NEXT; RETURN;
            ELSIF rte ->> 'rtekind' = '4' AND rte -> 'tablefunc' ->> 'functype' = '0' THEN
                sqlstate := '0A000';
                problem := 'unsupported operator for DIFFERENTIAL mode: Unsupported FROM item node type: T_RangeTableFunc';
                RETURN NEXT; RETURN;
            ELSIF part.role IN ('subquery', 'cte') AND jsonb_typeof(rte -> 'tablesample') = 'object' THEN
                sqlstate := '0A000';
                problem := 'unsupported operator for DIFFERENTIAL mode: TABLESAMPLE is not supported in defining queries. Stream tables materialize the complete result set; use a WHERE condition with random() if sampling is needed.';
                RETURN NEXT; RETURN;
            END IF;
        END LOOP;
        sqlstate := '0A000';
        IF part.role IN ('subquery', 'branch') AND part.query ->> 'hasDistinctOn' = 'true' THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: DISTINCT ON is not supported in defining queries. Use plain DISTINCT or rewrite with window functions.';
            RETURN NEXT; RETURN;
        END IF;
        IF part.role <> 'top' AND jsonb_typeof(part.query -> 'limitCount') = 'object' THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: LIMIT is not supported in the DVM pipeline. Use ORDER BY + LIMIT for TopK stream tables.';
            RETURN NEXT; RETURN;
        END IF;
        IF part.role <> 'top' AND jsonb_typeof(part.query -> 'limitOffset') = 'object' THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: OFFSET is not supported in defining queries. Stream tables materialize the full result set.';
            RETURN NEXT; RETURN;
        END IF;
        IF jsonb_path_exists(part.query -> 'targetList', 'lax $.** ? (@.node == "SUBLINK" && @.subLinkType == "1")') THEN
            problem := 'unsupported operator for DIFFERENTIAL mode: ALL (subquery) is not supported in defining queries. Consider rewriting as a JOIN or LATERAL subquery.';
            RETURN NEXT; RETURN;
        END IF;
    END LOOP;
END
$$;

-- The worst volatility ('v', 's' or 'i') of every function and operator a query tree calls.
CREATE FUNCTION pgtrickle._emulation_tree_volatility(trees jsonb[]) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE max(CASE p.provolatile WHEN 'v' THEN 3 WHEN 's' THEN 2 ELSE 1 END) WHEN 3 THEN 'v' WHEN 2 THEN 's'
           ELSE 'i' END
    FROM unnest(trees) t
    CROSS JOIN LATERAL jsonb_path_query(t, 'lax $.** ? (@.type() == "object")') node
    CROSS JOIN LATERAL (VALUES (node ->> 'funcid'), (node ->> 'opfuncid'), (node ->> 'aggfnoid'), (node ->> 'winfnoid'))
        used(fn)
    JOIN pg_proc p ON p.oid = used.fn::oid
    WHERE used.fn IS NOT NULL
$$;

-- What a defining query looks like to the emulation: output columns, sources, the refresh mode it resolves to.
-- Raises what the real extension raises at create time, in its order: no columns or tables, grouping-set explosion,
-- LIMIT/OFFSET outside TopK, TABLESAMPLE and FOR UPDATE (AUTO falls back to FULL), materialized views and foreign
-- tables, what the DVM parser cannot maintain (AUTO falls back to FULL), and for a query that parsed for DIFFERENTIAL
-- or IMMEDIATE (AUTO included) volatile functions, as pg_trickle.volatile_function_policy says.
CREATE FUNCTION pgtrickle._emulation_analyze(
    query text, mode text,
    OUT column_names text[], OUT column_types text[], OUT source_oids oid[], OUT source_types text[],
    OUT resolved_mode text, OUT downgrade_reason text, OUT topk_limit int, OUT topk_offset int,
    OUT has_grouping_sets boolean, OUT aux_query text, OUT aux_columns text[], OUT aux_types text[],
    OUT sum_columns text[])
LANGUAGE plpgsql AS $$
DECLARE
    probe text := format('_pgt_probe_%s', substr(md5(random()::text || clock_timestamp()::text), 1, 16));
    probe_oid oid;
    tree jsonb;
    top jsonb;
    view_trees jsonb[];
    shape record;
    volatility text;
    policy text := lower(btrim(COALESCE(current_setting('pg_trickle.volatile_function_policy', true), '')));
    problem text;
    problem_state text;
    rel record;
    is_topk boolean := false;
BEGIN
    resolved_mode := CASE WHEN mode = 'AUTO' THEN 'DIFFERENTIAL' ELSE mode END;

    -- PostgreSQL analyses the query (and rejects what it cannot parse) as the body of a temporary view.
    EXECUTE format('CREATE TEMP VIEW %I AS SELECT * FROM (%s) sub', probe, query);
    probe_oid := format('pg_temp.%I', probe)::regclass::oid;
    SELECT pgtrickle._emulation_node_json(ev_action::text) INTO tree FROM pg_rewrite WHERE ev_class = probe_oid;
    top := tree -> 0 -> 'rtable' -> 0 -> 'subquery';

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

    -- The real extension inlines views, so functions a view calls count as the query's own.
    SELECT COALESCE(array_agg(pgtrickle._emulation_node_json(rw.ev_action::text)), '{}') INTO view_trees
      FROM pg_rewrite rw
      WHERE rw.ev_class IN (SELECT r.relid FROM pgtrickle._emulation_reachable_relations(probe_oid) r
                            JOIN pg_class c ON c.oid = r.relid AND c.relkind = 'v');

    EXECUTE format('DROP VIEW pg_temp.%I', probe);

    IF cardinality(column_names) = 0 THEN
        PERFORM pgtrickle._emulation_raise('42000', 'query parse error: Defining query returns no columns',
            'Select at least one column.');
    END IF;
    IF cardinality(source_oids) = 0 THEN
        PERFORM pgtrickle._emulation_raise('42000', 'query parse error: Defining query references no tables',
            'A stream table must read at least one table, view or stream table.');
    END IF;
    has_grouping_sets := jsonb_typeof(top -> 'groupingSets') = 'array';

    FOR shape IN SELECT * FROM pgtrickle._emulation_shape_problems(query, top) LOOP
        IF shape.stage = 'topk' THEN
            is_topk := true;
            topk_limit := shape.topk_limit;
            topk_offset := shape.topk_offset;
        ELSIF shape.stage = 'always' OR (shape.stage = 'api' AND mode <> 'AUTO') THEN
            PERFORM pgtrickle._emulation_raise(shape.sqlstate, shape.problem);
        ELSIF shape.stage = 'api' THEN
            RAISE WARNING '%', format(E'[pg_trickle] Falling back to FULL refresh: unsupported construct in defining query.\nConstruct: %s\nSee docs/DVM_OPERATORS.md for the full list of supported operators.',
                shape.problem);
            resolved_mode := 'FULL';
            downgrade_reason := shape.problem;
        ELSIF resolved_mode IN ('DIFFERENTIAL', 'IMMEDIATE') AND problem IS NULL THEN
            problem := shape.problem;  -- a DVM parser rejection, acted on after the source checks
            problem_state := shape.sqlstate;
        END IF;
    END LOOP;

    IF resolved_mode IN ('DIFFERENTIAL', 'IMMEDIATE') THEN
        FOR rel IN SELECT unnest(source_oids) AS relid, unnest(source_types) AS kind LOOP
            IF rel.kind IN ('MATVIEW', 'FOREIGN_TABLE') THEN
                IF mode = 'AUTO' THEN
                    RAISE WARNING '[pg_trickle] Falling back to FULL refresh: query references materialized views or foreign tables (%).',
                        format('%s ''%s'' cannot be used as a source in DIFFERENTIAL mode',
                            CASE rel.kind WHEN 'MATVIEW' THEN 'Materialized view' ELSE 'Foreign table' END, rel.relid::regclass);
                    resolved_mode := 'FULL';
                    downgrade_reason := format('source %s is a %s', rel.relid::regclass, lower(replace(rel.kind, '_', ' ')));
                    EXIT;
                END IF;
                PERFORM pgtrickle._emulation_raise('0A000', format(
                    'unsupported operator for DIFFERENTIAL mode: %s ''%s'' cannot be used as a source in DIFFERENTIAL mode. Refresh it yourself and switch to FULL refresh mode.',
                    CASE rel.kind WHEN 'MATVIEW' THEN 'Materialized view' ELSE 'Foreign table' END, rel.relid::regclass));
            END IF;
        END LOOP;
    END IF;

    IF resolved_mode IN ('DIFFERENTIAL', 'IMMEDIATE') AND problem IS NOT NULL THEN
        IF mode <> 'AUTO' THEN
            PERFORM pgtrickle._emulation_raise(problem_state, problem);
        END IF;
        RAISE WARNING '%', format(E'[pg_trickle] Falling back to FULL refresh: query cannot use differential maintenance (%s).\nSuggestion: simplify the query to use supported SQL constructs, or break it into multiple stream tables chained together. Run SELECT * FROM pgtrickle.explain_refresh_mode(''<table>'') after creation for diagnostics. See docs/DVM_OPERATORS.md for the full list of supported operators.',
            problem);
        resolved_mode := 'FULL';
        downgrade_reason := problem;
    END IF;

    -- The volatility check runs only on a query the DVM parser accepted (TopK queries skip it), AUTO included.
    IF resolved_mode IN ('DIFFERENTIAL', 'IMMEDIATE') AND NOT is_topk THEN
        volatility := pgtrickle._emulation_tree_volatility(view_trees || tree);
        IF volatility = 'v' AND policy NOT IN ('warn', 'allow') THEN
            PERFORM pgtrickle._emulation_raise('0A000',
                'unsupported operator for DIFFERENTIAL mode: Defining query contains volatile expressions (e.g., random(), clock_timestamp(), or custom volatile operators). Volatile functions and operators are not supported in DIFFERENTIAL or IMMEDIATE mode because they produce different values on each evaluation, breaking delta computation. Use FULL refresh mode instead, or replace with a deterministic alternative. (Override with: SET pg_trickle.volatile_function_policy = ''warn'' or ''allow'')');
        ELSIF volatility = 'v' AND policy = 'warn' THEN
            RAISE WARNING 'Defining query contains volatile expressions (e.g., random(), clock_timestamp()). Volatile functions produce different values on each evaluation, which may break delta computation. Allowed by pg_trickle.volatile_function_policy = ''warn''.';
        ELSIF volatility = 's' THEN
            RAISE WARNING 'Defining query contains stable functions (e.g., now(), current_timestamp). These return the same value within a single refresh but may shift between refreshes. Delta computation is correct within each refresh cycle.';
        END IF;
    END IF;

    aux_columns := '{}';
    aux_types := '{}';
    sum_columns := '{}';
    IF resolved_mode IN ('DIFFERENTIAL', 'IMMEDIATE') AND NOT is_topk THEN
        SELECT a.aux_query, a.aux_columns, a.aux_types, a.sum_columns INTO aux_query, aux_columns, aux_types, sum_columns
        FROM pgtrickle._emulation_aux_plan(query, top, column_names) a;
    END IF;
END
$$;

-- The auxiliary storage columns the real extension keeps for a DIFFERENTIAL/IMMEDIATE stream table, and the query
-- that fills them (the user's query plus those columns; NULL when there are none). Like the real DVM parser this looks
-- at the top level of the analysed query (`top`, from _emulation_analyze):
--   * an aggregate (GROUP BY, HAVING, or aggregates without GROUP BY) and a plain DISTINCT: __pgt_count (rows per
--     group, copies per distinct row); UNION without ALL: __pgt_count (copies across the branches);
--   * per AVG: __pgt_aux_sum_<col> and __pgt_aux_count_<col>; per STDDEV/VARIANCE also __pgt_aux_sum2_<col>; per
--     CORR/COVAR/REGR_* also __pgt_aux_sum{x,y,xy,x2,y2}_<col> (<col> = the output column; only aggregates that are
--     a whole select-list item, without DISTINCT or FILTER, as the real parser finds them);
--   * GROUPING SETS/CUBE/ROLLUP (rewritten to UNION ALL by the real extension), UNION ALL, Top-K: none.
-- Not reproduced: __pgt_count_l/_r for INTERSECT/EXCEPT, __pgt_aux_nonnull_* (SUM over a FULL JOIN), and aggregates
-- seen through a FROM-subquery wrapper.
-- sum_columns: the output columns that are a plain SUM(...) of the aggregate. The real extension merges them
-- algebraically (old + inserted - deleted, each COALESCEd to 0), so a differential refresh stores 0 where the
-- recomputed SUM over only NULLs is NULL (fidelity audit F1); _emulation_apply does the same. Not for SUM over a
-- FULL JOIN, which the real extension corrects with __pgt_aux_nonnull_*.
CREATE FUNCTION pgtrickle._emulation_aux_plan(query text, top jsonb, column_names text[],
                                              OUT aux_query text, OUT aux_columns text[], OUT aux_types text[],
                                              OUT sum_columns text[])
LANGUAGE plpgsql AS $$
DECLARE
    mask text := pgtrickle._emulation_top_level_mask(query);
    quoted_columns text := (SELECT string_agg(format('sub.%I', c), ', ') FROM unnest(column_names) c);
    select_at int;
    from_at int;
    distinct_at int;
    items text[];
    item_starts int[];
    extra text := '';
    sum2_extra text := '';
    covar_extra text := '';
    sum2_columns text[] := '{}';
    covar_columns text[] := '{}';
    entry record;
    fn text;
    call text[];
    args text[];
    x text;
    y text;
    c text;
    i int;
    pos int;
    depth int;
BEGIN
    aux_columns := '{}';
    aux_types := '{}';
    sum_columns := '{}';
    IF mask ~ '\m(limit|offset|fetch)\M' THEN
        RETURN;  -- Top-K
    END IF;
    IF jsonb_typeof(top -> 'setOperations') = 'object' THEN
        IF top -> 'setOperations' ->> 'op' = '1' AND top -> 'setOperations' ->> 'all' = 'false' THEN
            -- UNION: the real extension maintains it as UNION ALL plus a count per distinct row.
            aux_query := query;
            FOR pos IN SELECT m.at FROM (
                SELECT regexp_instr(mask, '\munion\M(?!\s+all\M)', 1, n) AS at
                FROM generate_series(1, regexp_count(mask, '\munion\M(?!\s+all\M)')) n) m ORDER BY m.at DESC LOOP
                aux_query := substr(aux_query, 1, pos + 4) || ' ALL' || substr(aux_query, pos + 5);
            END LOOP;
            aux_query := format('SELECT %s, count(*) AS __pgt_count FROM (%s) sub GROUP BY %s',
                                quoted_columns, aux_query, quoted_columns);
            aux_columns := ARRAY['__pgt_count'];
            aux_types := ARRAY['bigint'];
        END IF;
        RETURN;
    END IF;
    IF jsonb_typeof(top -> 'groupingSets') = 'array' THEN
        RETURN;
    END IF;
    select_at := regexp_instr(mask, '\mselect\M');
    from_at := regexp_instr(mask, '\mfrom\M', GREATEST(select_at, 1));
    IF select_at = 0 OR from_at = 0 THEN
        RETURN;
    END IF;

    IF top ->> 'hasAggs' = 'true' OR jsonb_typeof(top -> 'groupClause') = 'array' OR top -> 'havingQual' IS NOT NULL
       AND jsonb_typeof(top -> 'havingQual') = 'object' THEN
        aux_columns := ARRAY['__pgt_count'];
        aux_types := ARRAY['bigint'];
        extra := ', count(*) AS __pgt_count';
        -- The select list's items as written, split at top-level commas (one per output column unless a * expands).
        pos := select_at + 6;
        IF substr(mask, pos) ~ '^\s+all\M' THEN
            pos := pos + length(substring(substr(mask, pos) FROM '^\s+all'));
        END IF;
        items := '{}';
        item_starts := ARRAY[pos];
        FOR i IN pos .. from_at - 1 LOOP
            IF substr(mask, i, 1) = ',' THEN
                item_starts := item_starts || (i + 1);
            END IF;
        END LOOP;
        item_starts := item_starts || (from_at + 1);
        FOR i IN 1 .. cardinality(item_starts) - 1 LOOP
            items := items || substr(query, item_starts[i], item_starts[i + 1] - item_starts[i] - 1);
        END LOOP;
        FOR entry IN
            SELECT (te ->> 'resno')::int AS resno, te -> 'expr' AS expr
            FROM pgtrickle._emulation_node_list(top -> 'targetList') te
            WHERE te ->> 'resjunk' = 'false' ORDER BY 1 LOOP
            IF entry.expr ->> 'node' = 'AGGREF' AND jsonb_typeof(entry.expr -> 'aggdistinct') IS DISTINCT FROM 'array'
               AND entry.expr ->> 'agglevelsup' = '0'
               AND EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid = (entry.expr ->> 'aggfnoid')::oid
                           AND p.proname = 'sum' AND p.pronamespace = 'pg_catalog'::regnamespace)
               AND NOT jsonb_path_exists(top -> 'jointree', '$.** ? (@.node == "JOINEXPR" && @.jointype == "2")') THEN
                sum_columns := sum_columns || column_names[entry.resno];
            END IF;
            CONTINUE WHEN cardinality(items) <> cardinality(column_names)
                OR entry.expr ->> 'node' IS DISTINCT FROM 'AGGREF'
                OR jsonb_typeof(entry.expr -> 'aggdistinct') = 'array'
                OR jsonb_typeof(entry.expr -> 'aggfilter') = 'object'
                OR entry.expr ->> 'agglevelsup' <> '0';
            SELECT p.proname INTO fn FROM pg_proc p
            WHERE p.oid = (entry.expr ->> 'aggfnoid')::oid AND p.pronamespace = 'pg_catalog'::regnamespace;
            CONTINUE WHEN fn IS NULL OR fn NOT IN ('avg', 'stddev', 'stddev_samp', 'stddev_pop', 'variance',
                'var_samp', 'var_pop', 'corr', 'covar_pop', 'covar_samp', 'regr_avgx', 'regr_avgy', 'regr_count',
                'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy');
            -- Only a plain call with an optional alias: name(args) [[AS] alias].
            CONTINUE WHEN pgtrickle._emulation_top_level_mask(items[entry.resno])
                !~ '^\s*[a-z_][a-z0-9_.]*\s*(\s(as\s+)?[a-z0-9_$]*\s*)?$';
            call := regexp_match(items[entry.resno], '^\s*[A-Za-z_][A-Za-z0-9_."]*\s*\((.*)\)', 'i');
            CONTINUE WHEN call IS NULL;
            -- Arguments split at their own top-level commas.
            args := '{}';
            depth := 1;
            mask := pgtrickle._emulation_top_level_mask(call[1]);
            pos := 1;
            FOR i IN 1 .. length(call[1]) LOOP
                IF substr(mask, i, 1) = ',' THEN
                    args := args || btrim(substr(call[1], pos, i - pos));
                    pos := i + 1;
                END IF;
            END LOOP;
            args := args || btrim(substr(call[1], pos));
            c := column_names[entry.resno];
            y := args[1];
            extra := extra || format(', COALESCE(SUM(%s), 0) AS %I, COUNT(%s) AS %I',
                                     y, '__pgt_aux_sum_' || c, y, '__pgt_aux_count_' || c);
            aux_columns := aux_columns || ARRAY['__pgt_aux_sum_' || c, '__pgt_aux_count_' || c];
            aux_types := aux_types || ARRAY['numeric', 'bigint'];
            IF fn IN ('stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop') THEN
                sum2_extra := sum2_extra || format(', COALESCE(SUM((%s) * (%s)), 0) AS %I', y, y, '__pgt_aux_sum2_' || c);
                sum2_columns := sum2_columns || ('__pgt_aux_sum2_' || c);
            ELSIF cardinality(args) = 2 THEN
                x := args[2];
                covar_extra := covar_extra
                    || format(', COALESCE(SUM(%s), 0) AS %I', x, '__pgt_aux_sumx_' || c)
                    || format(', COALESCE(SUM(%s), 0) AS %I', y, '__pgt_aux_sumy_' || c)
                    || format(', COALESCE(SUM((%s) * (%s)), 0) AS %I', x, y, '__pgt_aux_sumxy_' || c)
                    || format(', COALESCE(SUM((%s) * (%s)), 0) AS %I', x, x, '__pgt_aux_sumx2_' || c)
                    || format(', COALESCE(SUM((%s) * (%s)), 0) AS %I', y, y, '__pgt_aux_sumy2_' || c);
                covar_columns := covar_columns || ARRAY['__pgt_aux_sumx_' || c, '__pgt_aux_sumy_' || c,
                    '__pgt_aux_sumxy_' || c, '__pgt_aux_sumx2_' || c, '__pgt_aux_sumy2_' || c];
            END IF;
        END LOOP;
        aux_columns := aux_columns || sum2_columns || covar_columns;
        aux_types := aux_types || array_fill('numeric'::text, ARRAY[cardinality(sum2_columns) + cardinality(covar_columns)]);
        aux_query := rtrim(substr(query, 1, from_at - 1)) || extra || sum2_extra || covar_extra || ' '
                     || substr(query, from_at);
        RETURN;
    END IF;

    distinct_at := regexp_instr(mask, '\mdistinct\M', select_at);
    IF distinct_at > 0 AND substr(mask, select_at, distinct_at - select_at) ~ '^select\s+$'
       AND substr(mask, distinct_at) !~ '^distinct\s+on\M' THEN
        aux_query := format('SELECT %s, count(*) AS __pgt_count FROM (%s) sub GROUP BY %s', quoted_columns,
            substr(query, 1, distinct_at - 1) || '        ' || substr(query, distinct_at + 8), quoted_columns);
        aux_columns := ARRAY['__pgt_count'];
        aux_types := ARRAY['bigint'];
    END IF;
END
$$;
