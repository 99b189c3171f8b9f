package dev.pgtrickle.test.harness.graph;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.util.List;

/** The project's refs form a cycle; the message lists it, e.g. {@code a -> b -> a}. */
public final class CycleException extends ProjectException {

    private final transient List<String> cycle;

    CycleException(List<String> cycle) {
        super("dependency cycle: %s; a model cannot depend on itself through ref(), remove one of these refs"
                .formatted(String.join(" -> ", cycle)));
        this.cycle = List.copyOf(cycle);
    }

    /** The node names in the cycle, first repeated at the end. */
    public List<String> cycle() {
        return cycle;
    }
}
