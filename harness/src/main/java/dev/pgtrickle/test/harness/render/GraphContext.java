package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.UniqueIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * dbt's {@code graph} variable: {@code graph.nodes} (models, seeds and tests) and {@code graph.sources}, each keyed by
 * unique id and holding what packages read from it: {@code name}, {@code unique_id}, {@code resource_type}, {@code
 * package_name}, {@code config}, {@code depends_on.nodes}, {@code fqn}, {@code tags}, {@code original_file_path}, and
 * for nodes with a relation {@code database}, {@code schema}, {@code alias} / {@code identifier} and {@code
 * relation_name}. It is known once every model is parsed, so while parsing it is empty, as dbt's is then.
 */
final class GraphContext {

    private GraphContext() {}

    /** The graph before parsing: no nodes yet. */
    static Map<String, Object> empty() {
        return of(Map.of(), Map.of());
    }

    /**
     * @param graph the project's dependency graph
     * @param database {@code target.database}
     * @param relations where a node builds or reads, by unique id (absent for ephemeral models and tests)
     */
    static Map<String, Object> of(ProjectGraph graph, String database, Function<String, Optional<Relation>> relations) {
        Map<String, Object> nodes = new LinkedHashMap<>();
        Map<String, Object> sources = new LinkedHashMap<>();
        for (GraphNode node : graph.nodes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", node.name());
            entry.put("unique_id", node.uniqueId());
            entry.put("resource_type", node.resourceType().dbtName());
            entry.put("package_name", UniqueIds.packageOf(node.uniqueId()));
            entry.put("original_file_path", node.originalFilePath());
            entry.put("path", node.originalFilePath());
            entry.put("fqn", node.fqn());
            entry.put("tags", node.tags());
            Map<String, Object> config = new LinkedHashMap<>(node.config());
            if (!config.containsKey("materialized")
                    && node.materialization() != null
                    && !node.materialization().isEmpty()) {
                config.put("materialized", node.materialization()); // the default (view) counts, as in dbt
            }
            entry.put("config", config);
            entry.put(
                    "depends_on",
                    Map.of("nodes", new ArrayList<>(graph.parents(node.uniqueId())), "macros", List.of()));
            relations.apply(node.uniqueId()).ifPresent(relation -> {
                entry.put("database", database);
                entry.put("schema", relation.schema());
                entry.put(node.resourceType() == ResourceType.SOURCE ? "identifier" : "alias", relation.identifier());
                entry.put("relation_name", "\"%s\".%s".formatted(database, relation.quoted()));
            });
            if (node.resourceType() == ResourceType.SOURCE) {
                // A source's name is its table's; the graph names it source.table for selection.
                entry.put("name", node.fqn().get(node.fqn().size() - 1));
                entry.put("source_name", node.fqn().get(node.fqn().size() - 2));
                sources.put(node.uniqueId(), entry);
            } else {
                nodes.put(node.uniqueId(), entry);
            }
        }
        return of(nodes, sources);
    }

    private static Map<String, Object> of(Map<String, Object> nodes, Map<String, Object> sources) {
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("nodes", nodes);
        graph.put("sources", sources);
        graph.put("exposures", Map.of());
        graph.put("metrics", Map.of());
        graph.put("groups", Map.of());
        graph.put("semantic_models", Map.of());
        graph.put("saved_queries", Map.of());
        return graph;
    }
}
