package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** Why a stream table was dropped and created again. */
@API(status = STABLE, since = "0.1")
public enum RecreateReason {
    /** The compiled query differs from the stored one (whitespace-insensitive). */
    QUERY_CHANGED,
    /** The run was a full refresh ({@code --full-refresh}). */
    FULL_REFRESH,
    /** A {@code table} model: dbt rebuilds tables on every run (drop and create as select). */
    TABLE_REBUILD,
    /**
     * A cleared override had set a stream table option the project does not set ({@code cdc_mode}, {@code append_only},
     * {@code fuse}, ...): pg_trickle's {@code alter_stream_table} reads NULL as "keep", so only a new table gets the
     * option back to its default ({@code clearOverrides()} followed by a run).
     */
    @API(status = STABLE, since = "0.2")
    OVERRIDE_CLEARED
}
