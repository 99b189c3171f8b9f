package dev.pgtrickle.test.harness.graph;

import java.util.List;

/**
 * dbt's node selection syntax over a {@link ProjectGraph}: names, {@code +x}, {@code x+}, {@code 2+x},
 * {@code tag:}, {@code path:} (also {@code file:}), {@code config.<key>:} (e.g.
 * {@code config.materialized:stream_table}, {@code config.schedule:5m}), {@code resource_type:},
 * {@code test_type:}, {@code fqn:}, {@code source:}, {@code package:}, {@code @x}, shell wildcards,
 * union (space), intersection (comma) and {@code --exclude}. Tests attached to a selected node are selected too
 * (dbt's eager indirect selection), except in a term that itself selects by {@code resource_type:} or
 * {@code test_type:}. A selector atom that matches no node at all is an error (dbt only warns), so typos fail.
 */
public final class NodeSelector {

    private NodeSelector() {}

    /**
     * The nodes {@code select} picks minus those {@code exclude} picks, in topological order. A blank
     * {@code select} selects everything.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException for an unknown selector method or a name that
     *     matches nothing the project has
     */
    public static List<GraphNode> select(ProjectGraph graph, String select, String exclude) {
        return new SelectorEvaluator(graph).select(select, exclude);
    }
}
