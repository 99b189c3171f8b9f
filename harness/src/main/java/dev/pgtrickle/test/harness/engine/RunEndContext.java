package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What dbt gives {@code on-run-end} hooks beyond the usual context, collected while a build runs: {@code results} (one
 * per seed, model, dbt test and failed {@code on-run-start} hook, each with {@code node}, {@code status} in dbt's
 * words, {@code message}, {@code execution_time}, {@code failures}, {@code thread_id}), {@code schemas} and {@code
 * database_schemas} (where the seeds and models that succeeded built their relations).
 */
final class RunEndContext {

    private final List<Map<String, Object>> results = new ArrayList<>();
    private final Set<String> schemas = new LinkedHashSet<>();

    /** A seed, model or hook outcome. */
    void add(CompiledProject project, NodeOutcome outcome, Optional<String> uniqueId) {
        Map<String, Object> node = uniqueId.flatMap(project::graphNode)
                .<Map<String, Object>>map(LinkedHashMap::new)
                .orElseGet(() -> basicNode(uniqueId.orElse(outcome.name()), outcome.name(), outcome.type()));
        String status =
                switch (outcome.status()) {
                    case OK -> "success";
                    case ERROR -> "error";
                    case SKIPPED -> "skipped";
                };
        // dbt's message of a built model is the adapter's answer (SELECT 3, INSERT 0 3) where it is known.
        String message = outcome.message().or(outcome::commandStatus).orElse(status);
        results.add(result(node, status, message, outcome.elapsed(), null));
        if (outcome.ok()) {
            relationSchema(project, outcome).ifPresent(schemas::add);
        }
    }

    /** A dbt test that ran. */
    void add(CompiledProject project, DbtTestResult test) {
        String status = test.status().name().toLowerCase(Locale.ROOT);
        results.add(result(
                testNode(project, test.test()),
                status,
                test.errorMessage().orElse(status),
                test.elapsed(),
                test.failures()));
    }

    /** A dbt test that was skipped, and why. */
    void skipped(CompiledProject project, DbtTest test, String reason) {
        results.add(result(testNode(project, test), "skipped", reason, Duration.ZERO, null));
    }

    /** The variables for the {@code on-run-end} hooks. */
    Map<String, Object> variables(String database) {
        List<List<String>> databaseSchemas = new ArrayList<>();
        schemas.forEach(schema -> databaseSchemas.add(List.of(database, schema)));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("results", List.copyOf(results));
        variables.put("schemas", List.copyOf(schemas));
        variables.put("database_schemas", databaseSchemas);
        return variables;
    }

    private static Optional<String> relationSchema(CompiledProject project, NodeOutcome outcome) {
        return switch (outcome.type()) {
            case "seed" ->
                project.findSeed(outcome.name()).map(seed -> seed.relation().schema());
            case "model", "snapshot" ->
                project.findModel(outcome.name())
                        .filter(model -> !Materialization.EPHEMERAL.matches(model.materialization()))
                        .map(CompiledModel::relation)
                        .map(relation -> relation.schema());
            default -> Optional.empty();
        };
    }

    private static Map<String, Object> testNode(CompiledProject project, DbtTest test) {
        return project.graphNode(test.uniqueId())
                .<Map<String, Object>>map(LinkedHashMap::new)
                .orElseGet(() -> basicNode(test.uniqueId(), test.name(), "test"));
    }

    private static Map<String, Object> basicNode(String uniqueId, String name, String resourceType) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", uniqueId);
        node.put("name", name);
        node.put("resource_type", resourceType);
        return node;
    }

    private static Map<String, Object> result(
            Map<String, Object> node, String status, String message, Duration elapsed, Long failures) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("node", node);
        result.put("status", status);
        result.put("message", message);
        result.put("execution_time", elapsed.toNanos() / 1e9);
        result.put("failures", failures);
        // One node at a time, as thread_id says in the run context.
        result.put("thread_id", "Thread-1");
        result.put("adapter_response", Map.of());
        result.put("timing", List.of());
        return result;
    }

    /** The graph node's unique id of a seed or model outcome. */
    static Optional<String> uniqueId(CompiledProject project, NodeOutcome outcome) {
        return project.graph().nodes().stream()
                .filter(node -> node.resourceType().dbtName().equals(outcome.type())
                        && node.name().equals(outcome.name()))
                .map(GraphNode::uniqueId)
                .findFirst()
                .or(() -> project.project().runHooks().stream()
                        .filter(hook -> hook.name().equals(outcome.name()))
                        .map(hook -> hook.uniqueId())
                        .findFirst());
    }
}
