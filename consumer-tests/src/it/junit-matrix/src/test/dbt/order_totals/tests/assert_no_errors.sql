-- No stream table may have failed refreshes.
SELECT pgt_schema, pgt_name, consecutive_errors
FROM pgtrickle.pgt_stream_tables
WHERE consecutive_errors > 0
