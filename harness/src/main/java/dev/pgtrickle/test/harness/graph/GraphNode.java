package dev.pgtrickle.test.harness.graph;

import dev.pgtrickle.test.harness.project.ResourceType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of the project graph, with the facts selectors match on.
 *
 * @param uniqueId {@code model.<project>.<name>}, {@code seed...}, {@code source.<project>.<source>.<table>},
 *     {@code test...}
 * @param name the model/seed/test name; {@code source.table} for sources
 * @param resourceType the kind of node
 * @param originalFilePath path relative to the project root, {@code /} separators ({@code path:} selectors)
 * @param fqn fully qualified name (project, folders, name)
 * @param tags merged tags
 * @param materialization the materialization for models ({@code config.materialized:}); {@code generic} or
 *     {@code singular} for tests ({@code test_type:}); {@code seed} for seeds, empty for sources
 * @param config the node's merged configuration, for {@code config.<key>:} selectors
 */
public record GraphNode(
        String uniqueId,
        String name,
        ResourceType resourceType,
        String originalFilePath,
        List<String> fqn,
        List<String> tags,
        String materialization,
        Map<String, Object> config) {

    public GraphNode {
        Objects.requireNonNull(uniqueId, "uniqueId");
        fqn = List.copyOf(fqn);
        tags = List.copyOf(tags);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A node without configuration beyond its materialization. */
    public GraphNode(
            String uniqueId,
            String name,
            ResourceType resourceType,
            String originalFilePath,
            List<String> fqn,
            List<String> tags,
            String materialization) {
        this(uniqueId, name, resourceType, originalFilePath, fqn, tags, materialization, Map.of());
    }
}
