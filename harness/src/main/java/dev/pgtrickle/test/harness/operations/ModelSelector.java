package dev.pgtrickle.test.harness.operations;

import java.util.Set;

/** Resolves a dbt selector ({@code order_totals+}, {@code tag:nightly}, ...) to model names. */
@FunctionalInterface
public interface ModelSelector {

    /**
     * The names of the models {@code selector} selects.
     *
     * @throws IllegalArgumentException with a message naming the problem when the selector cannot be parsed
     */
    Set<String> select(String selector);
}
