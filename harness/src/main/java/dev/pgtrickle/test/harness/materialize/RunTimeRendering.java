package dev.pgtrickle.test.harness.materialize;

import java.sql.Connection;

/**
 * Renders a model again just before it is built, against the connection the build uses, as dbt renders each node
 * with {@code execute} true right before running it (so {@code run_query} and friends see the models built before
 * it). The renderer lives above this package, so the build reaches it through this interface.
 */
@FunctionalInterface
public interface RunTimeRendering {

    /** Models stand as compiled. */
    RunTimeRendering NONE = (connection, model) -> model;

    /** {@code model} as it is to be built now (its compile error, if rendering fails). */
    ModelToBuild render(Connection connection, ModelToBuild model);
}
