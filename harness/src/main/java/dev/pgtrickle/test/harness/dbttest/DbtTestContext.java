package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.Map;

/**
 * What compiling a dbt test needs from the project: resolving {@code ref()} and {@code source()}, and rendering Jinja
 * (singular tests and custom generic tests). The engine's session implements it with its loaded project and renderer.
 */
public interface DbtTestContext {

    /**
     * The relation a model or seed builds; throws {@link DbtTestDefinitionException} naming {@code file} when the
     * project has no such node.
     */
    Relation ref(String node, Path file);

    /** The relation of a source table; throws naming {@code file} when the project declares no such source table. */
    Relation source(String sourceName, String table, Path file);

    /**
     * Render a Jinja template with the dbt context ({@code ref}, {@code source}, {@code var}, {@code this}, ...) plus
     * {@code variables}; errors name {@code file}.
     */
    String render(String template, Map<String, Object> variables, Path file);
}
