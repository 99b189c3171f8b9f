package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.NodeConfig;

/**
 * An arbitrary template (a singular test, a generic test macro call) rendered with a project's context.
 *
 * @param sql the rendered text, ephemeral models it refs inlined as CTEs
 * @param config what its {@code config()} calls set
 * @param dependsOn what it refs and sources
 */
public record RenderedSql(String sql, NodeConfig config, NodeDependencies dependsOn) {}
