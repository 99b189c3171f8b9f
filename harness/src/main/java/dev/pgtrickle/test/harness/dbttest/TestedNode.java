package dev.pgtrickle.test.harness.dbttest;

import java.util.Optional;

/**
 * The model, seed or source table a generic test is attached to.
 *
 * @param resourceType {@code model}, {@code seed}, {@code snapshot} or {@code source}
 * @param sourceName the source's name for a source table, empty otherwise
 * @param name the node's name (for a source: the table's name)
 */
public record TestedNode(String resourceType, Optional<String> sourceName, String name) {

    /** A model (or seed/snapshot) attached by name. */
    public static TestedNode node(String resourceType, String name) {
        return new TestedNode(resourceType, Optional.empty(), name);
    }

    /** A table of a source. */
    public static TestedNode source(String sourceName, String table) {
        return new TestedNode("source", Optional.of(sourceName), table);
    }

    /** {@code order_totals}, or {@code raw.orders} for a source table. */
    public String displayName() {
        return sourceName.map(source -> source + "." + name).orElse(name);
    }
}
