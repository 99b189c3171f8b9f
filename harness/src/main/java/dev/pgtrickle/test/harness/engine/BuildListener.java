package dev.pgtrickle.test.harness.engine;

/**
 * Hears how each seed and model of a {@link ProjectBuild} ended, in build order: the command line prints a progress
 * line, the {@code pgtrickle-dbt} engine reports a dynamic test.
 */
@FunctionalInterface
public interface BuildListener {

    /** A listener that ignores everything. */
    BuildListener NONE = outcome -> {};

    /** One seed or model finished (or was skipped). */
    void nodeFinished(NodeOutcome outcome);
}
