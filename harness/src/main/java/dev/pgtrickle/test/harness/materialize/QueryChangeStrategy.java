package dev.pgtrickle.test.harness.materialize;

/**
 * How a changed defining query is applied to an existing stream table. Set per model with the config key
 * {@code on_query_change} ({@code recreate} or {@code replace}), or for a whole session.
 */
public enum QueryChangeStrategy {
    /** Drop and create, as dbt-pgtrickle's plan does ({@link RunAction#RECREATED}, {@link RecreateReason#QUERY_CHANGED}). */
    RECREATE,
    /**
     * Apply the change in place with {@code create_or_replace_stream_table} or {@code alter_stream_table(query => ...)}
     * when the server has them ({@link RunAction#REPLACED}); falls back to {@link #RECREATE} with a note otherwise.
     */
    REPLACE
}
