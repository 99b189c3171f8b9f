package dev.pgtrickle.test.harness.dbttest;

import java.util.Set;
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

    /** Tests whose node is among {@code selectedIds}, the unique ids a {@code NodeSelector} selection returned. */
    public static Predicate<DbtTest> of(Set<String> selectedIds) {
        return test -> selectedIds.contains(test.uniqueId());
    }
}
