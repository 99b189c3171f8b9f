package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.TestAttachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which tests a node selection brings along. {@link dev.pgtrickle.test.harness.graph.NodeSelector} does the selecting
 * (a test goes with the nodes it tests or refs, as dbt's eager indirect selection does); this matches its result.
 */
public final class DbtTestSelection {

    private DbtTestSelection() {}

    /** Every test. */
    public static Predicate<DbtTest> all() {
        return test -> true;
    }

    /**
     * Tests whose node is among {@code selectedIds}, the unique ids a {@code NodeSelector} selection returned; a change
     * scenario, which is no node of the graph, goes with its model.
     */
    public static Predicate<DbtTest> of(Set<String> selectedIds) {
        return test -> test.kind() == DbtTestKind.SCENARIO
                ? test.node()
                        .map(TestAttachment::uniqueId)
                        .filter(selectedIds::contains)
                        .isPresent()
                : selectedIds.contains(test.uniqueId());
    }

    /**
     * The names of the models and seeds {@code test} reads, from the compiled project's graph (the test node's
     * parents, not a scan of its SQL): the model or seed a generic test tests first, then, by name, what its arguments
     * ({@code relationships}' {@code to}) or a singular test's SQL {@code ref()}. Sources are left out: a run does not
     * build them.
     */
    static List<String> builtDependencies(ProjectGraph graph, DbtTest test) {
        if (test.kind() == DbtTestKind.SCENARIO) {
            // Its model; the inputs it writes to are seeds and sources, which the scenario checks itself.
            return test.node().map(TestAttachment::name).stream().toList();
        }
        List<String> names = new ArrayList<>();
        Set<String> others = new TreeSet<>();
        Optional<String> tested = test.node().map(TestAttachment::uniqueId);
        // A unit test does not read its model (it runs the model's SQL on its own rows) but the model's inputs, whose
        // column types it reads.
        Set<String> parents = test.kind() == DbtTestKind.UNIT
                ? tested.map(graph::parents).orElse(Set.of())
                : graph.parents(test.uniqueId());
        for (String parent : parents) {
            Optional<GraphNode> node = graph.node(parent).filter(DbtTestSelection::isBuilt);
            if (node.isEmpty()) {
                continue;
            }
            if (tested.equals(Optional.of(parent))) {
                names.add(0, node.get().name());
            } else {
                others.add(node.get().name());
            }
        }
        names.addAll(others);
        return names;
    }

    /** The first of {@code builtDependencies} that is in {@code nodes}: a failed model to skip the test for. */
    public static Optional<String> firstDependency(ProjectGraph graph, DbtTest test, Set<String> nodes) {
        return builtDependencies(graph, test).stream().filter(nodes::contains).findFirst();
    }

    /**
     * The first of {@code builtDependencies} that is not in {@code built}: with an exclusion, a test of a selected
     * model may still read a model that was left out, and in a new database that relation does not exist.
     */
    public static Optional<String> firstUnbuilt(ProjectGraph graph, DbtTest test, Set<String> built) {
        if (test.kind() == DbtTestKind.UNIT) {
            // Upstream relations this run did not build are created for the test's own transaction (UnitTestRunner).
            return Optional.empty();
        }
        return builtDependencies(graph, test).stream()
                .filter(name -> !built.contains(name))
                .findFirst();
    }

    private static boolean isBuilt(GraphNode node) {
        return node.resourceType() == ResourceType.MODEL
                || node.resourceType() == ResourceType.SEED
                || node.resourceType() == ResourceType.SNAPSHOT;
    }
}
