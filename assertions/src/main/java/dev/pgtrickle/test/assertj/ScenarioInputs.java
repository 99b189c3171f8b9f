package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The inputs of a stream table model: the seeds and source tables it reads, directly or through views, ephemeral
 * models and other stream tables. A scenario writes to them; an input is named by its seed name ({@code customers}),
 * its source as dbt prints it ({@code shop.orders}) or its relation ({@code analytics.customers}). Also the stream
 * tables between them and the model, upstream first: what a refresh step refreshes.
 */
final class ScenarioInputs {

    private final String model;
    private final Map<String, Relation> byName = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> streamTables = new ArrayList<>();
    private final Map<Relation, String> nodeIds = new LinkedHashMap<>();
    private CompiledProject project;

    private ScenarioInputs(String model) {
        this.model = model;
    }

    /**
     * The inputs of {@code model} in {@code project}.
     *
     * @throws IllegalArgumentException when there is no such model, or it is not a stream table
     */
    static ScenarioInputs of(CompiledProject project, String model) {
        CompiledModel compiled = project.findModel(model)
                .orElseThrow(() -> new IllegalArgumentException(
                        "stream table scenario: project %s has no model '%s'; its stream table models are: %s"
                                .formatted(project.project().name(), model, streamTableModels(project))));
        if (!compiled.isStreamTable()) {
            throw new IllegalArgumentException(
                    "stream table scenario: model '%s' is materialized as %s, not stream_table; its stream table models are: %s"
                            .formatted(model, compiled.materialization(), streamTableModels(project)));
        }
        ScenarioInputs inputs = new ScenarioInputs(model);
        inputs.project = project;
        var graph = project.graph();
        for (GraphNode node : graph.inOrder(graph.ancestors(compiled.uniqueId(), Integer.MAX_VALUE))) {
            if (node.resourceType() == ResourceType.SEED) {
                project.findSeed(node.name())
                        .map(CompiledSeed::relation)
                        .ifPresent(relation -> inputs.add(node.name(), relation, node.uniqueId()));
            } else if (node.resourceType() == ResourceType.SOURCE) {
                source(project, node)
                        .ifPresent(source -> inputs.add(source.displayName(), source.relation(), node.uniqueId()));
            } else if (node.resourceType() == ResourceType.MODEL
                    && Materialization.STREAM_TABLE.matches(node.materialization())) {
                inputs.streamTables.add(node.name());
            }
        }
        inputs.streamTables.add(model);
        return inputs;
    }

    private static Optional<SourceTable> source(CompiledProject project, GraphNode node) {
        return project.project().sources().stream()
                .filter(source -> source.uniqueId().equals(node.uniqueId()))
                .findFirst();
    }

    private void add(String name, Relation relation, String uniqueId) {
        nodeIds.put(relation, uniqueId);
        names.add(name);
        byName.put(name, relation);
        byName.putIfAbsent(relation.qualifiedName(), relation);
    }

    /**
     * The relation {@code input} names.
     *
     * @param where what names it, for the message ({@code step 2 'a new order': insert into x})
     * @throws IllegalArgumentException naming {@code where} and the model's inputs when it is not one of them
     */
    Relation resolve(String input, String where) {
        Relation relation = byName.get(input);
        if (relation == null) {
            throw new IllegalArgumentException(
                    "%s: %s is not an input of %s; its inputs (seeds and sources it reads) are: %s"
                            .formatted(where, input, model, names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return relation;
    }

    /**
     * Every stream table of the project that reads one of {@code inputs}, directly or not, upstream first: what must
     * refresh after the inputs are put back (not only the model's chain: a sibling reads the same source).
     */
    List<String> streamTablesReading(java.util.Collection<Relation> inputs) {
        var graph = project.graph();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Relation input : inputs) {
            String id = nodeIds.get(input);
            if (id != null) {
                ids.addAll(graph.descendants(id, Integer.MAX_VALUE));
            }
        }
        return graph.inOrder(ids).stream()
                .filter(node -> node.resourceType() == ResourceType.MODEL
                        && Materialization.STREAM_TABLE.matches(node.materialization()))
                .map(GraphNode::name)
                .toList();
    }

    /** The stream tables from the inputs up to the model itself, upstream first. */
    List<String> streamTables() {
        return List.copyOf(streamTables);
    }

    private static String streamTableModels(CompiledProject project) {
        String names = project.models().stream()
                .filter(CompiledModel::isStreamTable)
                .map(CompiledModel::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
