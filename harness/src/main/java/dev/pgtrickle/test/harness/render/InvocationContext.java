package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.ModelNode;
import dev.pgtrickle.test.harness.project.Relation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of dbt's template context that belong to one invocation rather than one node: {@code run_started_at}
 * (UTC), {@code invocation_id}, {@code thread_id} ({@code Thread-1}: the harness builds one node at a time),
 * {@code flags}, {@code schema} (the target's, as dbt's context gives it), {@code modules} ({@code re},
 * {@code datetime}), and the node's {@code model} mapping.
 */
final class InvocationContext {

    private final Instant startedAt = Instant.now();
    private final String invocationId = UUID.randomUUID().toString();
    private final StrictNamespace modules =
            new StrictNamespace("modules", Map.of("re", PythonRegex.module(), "datetime", PythonDateTime.module()));

    /** Adds the invocation's values to {@code bindings}. */
    void bind(Map<String, Object> bindings, CompileOptions options, boolean execute) {
        bindings.put("run_started_at", PythonDateTime.runStartedAt(startedAt));
        bindings.put("invocation_id", invocationId);
        bindings.put("thread_id", "Thread-1");
        bindings.put("modules", modules);
        bindings.put("schema", options.target().schema());
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("FULL_REFRESH", options.fullRefresh());
        flags.put("WHICH", options.which());
        flags.put("EMPTY", false);
        flags.put("STORE_FAILURES", false);
        bindings.put("flags", flags);
        bindings.put("execute", execute);
    }

    /**
     * dbt's {@code model}: the node being rendered as a mapping (name, unique id, relation, config, file), for a model of
     * the project; other templates (tests, hooks, operations) get none.
     *
     * @param modelNode the project's model of the node's name, when there is one
     */
    static void bindModel(
            Map<String, Object> bindings,
            Optional<ModelNode> modelNode,
            String database,
            Optional<Relation> self,
            Map<String, Object> config) {
        modelNode.ifPresent(node -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", node.name());
            model.put("unique_id", node.uniqueId());
            model.put("resource_type", "model");
            model.put("package_name", node.packageName());
            model.put("fqn", node.fqn());
            model.put("original_file_path", node.originalFilePath());
            model.put("path", node.originalFilePath());
            model.put("database", database);
            self.ifPresent(relation -> {
                model.put("schema", relation.schema());
                model.put("alias", relation.identifier());
            });
            model.put("config", config);
            model.put("raw_code", node.rawSql());
            model.put("description", node.description());
            bindings.put("model", model);
        });
    }
}
