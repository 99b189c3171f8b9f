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
    TABLE_REBUILD
}
