package dev.pgtrickle.test.harness.project;

/** dbt's unique ids, {@code <resource type>.<package>.<name...>}: the one place that takes them apart. */
public final class UniqueIds {

    private UniqueIds() {}

    /** The package a node belongs to: the project's name, or an installed package's ({@code model.dbt_utils.x}). */
    public static String packageOf(String uniqueId) {
        String[] parts = uniqueId.split("\\.", 3);
        if (parts.length < 3) {
            throw new IllegalArgumentException("not a dbt unique id: " + uniqueId);
        }
        return parts[1];
    }
}
