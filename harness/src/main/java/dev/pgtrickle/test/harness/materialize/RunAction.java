package dev.pgtrickle.test.harness.materialize;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** What a run did to one model. */
@API(status = STABLE, since = "0.1")
public enum RunAction {
    /** The relation did not exist and was created. */
    CREATED,
    /** A stream table existed with the same query; some settings (schedule, refresh mode, status) were altered. */
    ALTERED,
    /** The stream table was dropped and created again; see {@link RecreateReason}. */
    RECREATED,
    /**
     * A stream table's query change was applied in place with {@code create_or_replace_stream_table} or
     * {@code alter(query=>)}; or an existing view was replaced with {@code CREATE OR REPLACE VIEW}; or a materialized view
     * was refreshed; or an incremental model's new rows were added to its existing table (the result's notes say how);
     * or a snapshot merged the query's changes into its table.
     */
    REPLACED,
    /** Nothing differed; nothing was sent to the server. */
    UNCHANGED,
    /** Not built: an upstream model failed, or the model is ephemeral (inlined into its consumers). */
    SKIPPED,
    /** The database refused; the result carries its message. */
    ERROR
}
