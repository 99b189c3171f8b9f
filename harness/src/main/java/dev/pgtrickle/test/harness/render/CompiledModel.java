package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.project.ModelNode;
import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model rendered for a target, as dbt's {@code target/compiled} holds it.
 *
 * @param node the model as loaded
 * @param relation where it is built: schema from dbt's default {@code generate_schema_name} (a custom
 *     {@code schema} becomes {@code <target_schema>_<custom>}), identifier from {@code alias} or the name; for stream
 *     tables {@code stream_table_schema}/{@code stream_table_name} win
 * @param config every configuration layer merged: project file, property file, then the model's {@code config()}
 * @param compiledSql the rendered SQL, ephemeral upstream models inlined as {@code __dbt__cte__<name>} CTEs
 * @param preHooks {@code pre_hook} statements, rendered with {@code this} = {@code relation}, each with its transaction
 * @param postHooks {@code post_hook} statements, rendered likewise
 * @param dependsOn what it refs and sources (ephemeral models included)
 * @param compileError why rendering it with {@code execute} true failed, when it did (then {@code compiledSql} is
 *     empty): as in dbt, such a model fails on its own when built, and the rest of the project builds
 */
public record CompiledModel(
        ModelNode node,
        Relation relation,
        NodeConfig config,
        String compiledSql,
        List<HookStatement> preHooks,
        List<HookStatement> postHooks,
        NodeDependencies dependsOn,
        Optional<String> compileError) {

    /** A model that compiled. */
    public CompiledModel(
            ModelNode node,
            Relation relation,
            NodeConfig config,
            String compiledSql,
            List<HookStatement> preHooks,
            List<HookStatement> postHooks,
            NodeDependencies dependsOn) {
        this(node, relation, config, compiledSql, preHooks, postHooks, dependsOn, Optional.empty());
    }

    public CompiledModel {
        preHooks = List.copyOf(preHooks);
        postHooks = List.copyOf(postHooks);
    }

    /** The model name. */
    public String name() {
        return node.name();
    }

    /** {@code model.<project>.<name>}. */
    public String uniqueId() {
        return node.uniqueId();
    }

    /** The model file. */
    public Path file() {
        return node.file();
    }

    /** The materialization ({@code stream_table}, {@code view}, {@code table}, {@code ephemeral}, ...). */
    public String materialization() {
        return config.materialized();
    }

    /** Whether it is a {@code stream_table}. */
    public boolean isStreamTable() {
        return Materialization.STREAM_TABLE.matches(materialization());
    }

    /** Whether it is {@code ephemeral}: no relation of its own, inlined as a CTE into the models that ref it. */
    public boolean isEphemeral() {
        return Materialization.EPHEMERAL.matches(materialization());
    }

    /** The merged tags. */
    public List<String> tags() {
        return config.tags();
    }
}
