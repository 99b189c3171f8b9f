package dev.pgtrickle.test.harness.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency graph of a project: an edge goes from a node to each node it depends on (its parents). Built only
 * when acyclic; {@link #topologicalOrder()} lists parents before children, ties broken by the order nodes were added.
 */
public final class ProjectGraph {

    private final Map<String, GraphNode> nodes;
    private final Map<String, Set<String>> parents;
    private final Map<String, Set<String>> children;
    private final List<String> order;

    private ProjectGraph(Map<String, GraphNode> nodes, Map<String, Set<String>> parents) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.parents = parents;
        this.children = new HashMap<>();
        nodes.keySet().forEach(id -> children.put(id, new LinkedHashSet<>()));
        parents.forEach((child, ps) -> ps.forEach(parent -> children.get(parent).add(child)));
        this.order = sort();
    }

    /**
     * Builds the graph.
     *
     * @param nodes every node, in a stable order (it breaks ties in the topological order)
     * @param dependencies for each node's unique id, the unique ids it depends on; unknown ids are an error
     * @throws CycleException when the dependencies form a cycle
     */
    public static ProjectGraph of(Collection<GraphNode> nodes, Map<String, ? extends Collection<String>> dependencies) {
        Map<String, GraphNode> byId = new LinkedHashMap<>();
        nodes.forEach(node -> byId.put(node.uniqueId(), node));
        Map<String, Set<String>> parents = new HashMap<>();
        byId.keySet().forEach(id -> parents.put(id, new LinkedHashSet<>()));
        dependencies.forEach((child, ps) -> {
            if (!byId.containsKey(child)) {
                throw new IllegalArgumentException("dependencies given for unknown node " + child);
            }
            for (String parent : ps) {
                if (!byId.containsKey(parent)) {
                    throw new IllegalArgumentException("%s depends on unknown node %s".formatted(child, parent));
                }
                parents.get(child).add(parent);
            }
        });
        return new ProjectGraph(byId, parents);
    }

    private List<String> sort() {
        Map<String, Integer> remaining = new HashMap<>();
        parents.forEach((id, ps) -> remaining.put(id, ps.size()));
        List<String> sorted = new ArrayList<>();
        // Repeatedly take every ready node in insertion order, so the result is stable and readable.
        Set<String> done = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String id : nodes.keySet()) {
                if (!done.contains(id) && remaining.get(id) == 0) {
                    done.add(id);
                    sorted.add(id);
                    children.get(id).forEach(child -> remaining.merge(child, -1, Integer::sum));
                    progress = true;
                }
            }
        }
        if (sorted.size() < nodes.size()) {
            throw new CycleException(findCycle(done));
        }
        return List.copyOf(sorted);
    }

    private List<String> findCycle(Set<String> acyclic) {
        // Walk parent edges from any node left over; the walk must revisit a node, and that loop is a cycle.
        String start = nodes.keySet().stream()
                .filter(id -> !acyclic.contains(id))
                .findFirst()
                .orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        String current = start;
        while (!position.containsKey(current)) {
            position.put(current, path.size());
            path.add(current);
            current = parents.get(current).stream()
                    .filter(parent -> !acyclic.contains(parent))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(position.get(current), path.size()));
        Collections.reverse(loop); // parent edges walked backwards: show it in dependency direction
        // Start at the node added first, so the message is stable.
        List<String> insertion = List.copyOf(nodes.keySet());
        int first = 0;
        for (int i = 1; i < loop.size(); i++) {
            if (insertion.indexOf(loop.get(i)) < insertion.indexOf(loop.get(first))) {
                first = i;
            }
        }
        Collections.rotate(loop, -first);
        loop.add(loop.get(0));
        return loop.stream().map(id -> nodes.get(id).name()).toList();
    }

    /** Every node, in topological order (parents first). */
    public List<GraphNode> topologicalOrder() {
        return order.stream().map(nodes::get).toList();
    }

    /** Every node, in the order added. */
    public Collection<GraphNode> nodes() {
        return nodes.values();
    }

    /** The node with this unique id. */
    public Optional<GraphNode> node(String uniqueId) {
        return Optional.ofNullable(nodes.get(uniqueId));
    }

    /** The node with this unique id, or an exception naming it. */
    public GraphNode require(String uniqueId) {
        return node(uniqueId).orElseThrow(() -> new NoSuchElementException("no node " + uniqueId));
    }

    /** The direct parents (what it depends on). */
    public Set<String> parents(String uniqueId) {
        return Collections.unmodifiableSet(parents.getOrDefault(uniqueId, Set.of()));
    }

    /** The direct children (what depends on it). */
    public Set<String> children(String uniqueId) {
        return Collections.unmodifiableSet(children.getOrDefault(uniqueId, Set.of()));
    }

    /** Every ancestor, up to {@code depth} generations ({@code Integer.MAX_VALUE} for all). */
    public Set<String> ancestors(String uniqueId, int depth) {
        return walk(uniqueId, depth, parents);
    }

    /** Every descendant, up to {@code depth} generations ({@code Integer.MAX_VALUE} for all). */
    public Set<String> descendants(String uniqueId, int depth) {
        return walk(uniqueId, depth, children);
    }

    private static Set<String> walk(String start, int depth, Map<String, Set<String>> edges) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<Map.Entry<String, Integer>> queue = new ArrayDeque<>();
        queue.add(Map.entry(start, 0));
        while (!queue.isEmpty()) {
            Map.Entry<String, Integer> entry = queue.poll();
            if (entry.getValue() >= depth) {
                continue;
            }
            for (String next : edges.getOrDefault(entry.getKey(), Set.of())) {
                if (seen.add(next)) {
                    queue.add(Map.entry(next, entry.getValue() + 1));
                }
            }
        }
        return seen;
    }

    /** The given ids sorted topologically. */
    public List<GraphNode> inOrder(Collection<String> uniqueIds) {
        Set<String> wanted = new HashSet<>(uniqueIds);
        return order.stream().filter(wanted::contains).map(nodes::get).toList();
    }
}
