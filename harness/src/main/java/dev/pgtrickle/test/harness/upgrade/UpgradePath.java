package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.materialize.RunAction;
import org.apiguardian.api.API;

/** The path one model took when the current version of a project was applied over its baseline. */
@API(status = EXPERIMENTAL, since = "0.1")
public enum UpgradePath {
    /** Not in the baseline: created. */
    CREATED,
    /** Nothing differed; nothing was sent to the server. */
    UNCHANGED,
    /** Same query, some settings altered in place ({@code alter_stream_table}); the rows stayed. */
    ALTERED,
    /** Dropped and created again (a gap in the data while it repopulates); the reason says why. */
    RECREATED,
    /**
     * Changed in place: a stream table query with {@code on_query_change: replace}, a view replaced, or an incremental
     * model's new rows added to its table.
     */
    REPLACED,
    /** In the baseline, no longer in the project: dbt leaves its relation in the database. */
    REMOVED,
    /** Not built: an upstream model failed, or the model is ephemeral (inlined into its consumers). */
    SKIPPED,
    /** The database refused the current version of the model. */
    ERROR;

    /** The path of a model the current run built. */
    static UpgradePath of(RunAction action) {
        return switch (action) {
            case CREATED -> CREATED;
            case ALTERED -> ALTERED;
            case RECREATED -> RECREATED;
            case REPLACED -> REPLACED;
            case UNCHANGED -> UNCHANGED;
            case SKIPPED -> SKIPPED;
            case ERROR -> ERROR;
        };
    }
}
