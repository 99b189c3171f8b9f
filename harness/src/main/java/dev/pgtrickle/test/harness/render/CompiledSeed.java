package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.SeedNode;
import java.util.List;

/**
 * A seed placed for a target: the relation {@code ref('<seed>')} resolves to, and its hooks rendered.
 *
 * @param node the seed as loaded
 * @param relation schema via dbt's default schema naming, identifier from {@code alias} or the name
 * @param preHooks rendered with {@code this} = {@code relation}, each with its transaction
 * @param postHooks rendered likewise
 */
public record CompiledSeed(
        SeedNode node, Relation relation, List<HookStatement> preHooks, List<HookStatement> postHooks) {

    public CompiledSeed {
        preHooks = List.copyOf(preHooks);
        postHooks = List.copyOf(postHooks);
    }

    /** The seed name. */
    public String name() {
        return node.name();
    }

    /** The seed's configuration. */
    public NodeConfig config() {
        return node.config();
    }
}
