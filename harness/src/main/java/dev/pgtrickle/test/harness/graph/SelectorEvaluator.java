package dev.pgtrickle.test.harness.graph;

import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ResourceType;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Parses and evaluates one selection, following dbt's grammar. */
final class SelectorEvaluator {

    private static final Pattern ATOM = Pattern.compile("^(@)?(?:(\\d*)\\+)?(.+?)(?:\\+(\\d*))?$");
    private static final List<String> METHODS =
            List.of("tag", "path", "file", "fqn", "resource_type", "source", "config.<key>", "test_type", "package");

    private final ProjectGraph graph;

    SelectorEvaluator(ProjectGraph graph) {
        this.graph = graph;
    }

    List<GraphNode> select(String select, String exclude) {
        Set<String> selected = isBlank(select) ? allIds() : union(select);
        if (!isBlank(exclude)) {
            selected.removeAll(union(exclude));
        }
        return graph.inOrder(selected);
    }

    private Set<String> allIds() {
        return graph.nodes().stream().map(GraphNode::uniqueId).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * dbt's eager indirect selection: a test is selected when any node it tests is; a unit test goes with its model.
     */
    private Set<String> withTests(Set<String> ids) {
        Set<String> result = new LinkedHashSet<>(ids);
        for (GraphNode node : graph.nodes()) {
            if (isTest(node) && graph.parents(node.uniqueId()).stream().anyMatch(ids::contains)) {
                result.add(node.uniqueId());
            }
        }
        return result;
    }

    private Set<String> union(String expression) {
        Set<String> result = new LinkedHashSet<>();
        for (String term : expression.trim().split("\\s+")) {
            Set<String> matched = intersection(term);
            // A term that picks resource types itself gets exactly those; others bring their tests along.
            boolean typed = term.contains("resource_type:") || term.contains("test_type:");
            result.addAll(typed ? matched : withTests(matched));
        }
        return result;
    }

    private Set<String> intersection(String term) {
        Set<String> result = null;
        for (String atom : term.split(",")) {
            if (atom.isEmpty()) {
                throw new ProjectException("empty selector in '%s': remove the stray comma".formatted(term));
            }
            Set<String> matched = atom(atom);
            if (result == null) {
                result = matched;
            } else {
                result.retainAll(matched);
            }
        }
        return result;
    }

    private Set<String> atom(String atom) {
        Matcher matcher = ATOM.matcher(atom);
        if (!matcher.matches()) {
            throw new ProjectException("cannot parse selector '%s'".formatted(atom));
        }
        boolean at = matcher.group(1) != null;
        String upDepth = matcher.group(2);
        String body = matcher.group(3);
        String downDepth = matcher.group(4);
        Set<String> base = graph.nodes().stream()
                .filter(matcherFor(body))
                .map(GraphNode::uniqueId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (base.isEmpty()) {
            throw new ProjectException(
                    "selector '%s' matches no node of the project; check the spelling (models, seeds, sources: %s)"
                            .formatted(
                                    atom,
                                    graph.nodes().stream()
                                            .filter(node -> !isTest(node))
                                            .map(GraphNode::name)
                                            .collect(Collectors.joining(", "))));
        }
        Set<String> result = new LinkedHashSet<>(base);
        for (String id : base) {
            if (upDepth != null) {
                result.addAll(graph.ancestors(id, depth(upDepth)));
            }
            if (downDepth != null) {
                result.addAll(graph.descendants(id, depth(downDepth)));
            }
            if (at) {
                Set<String> descendants = graph.descendants(id, Integer.MAX_VALUE);
                result.addAll(descendants);
                for (String descendant : descendants) {
                    result.addAll(graph.ancestors(descendant, Integer.MAX_VALUE));
                }
            }
        }
        return result;
    }

    private static int depth(String digits) {
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    private Predicate<GraphNode> matcherFor(String body) {
        int colon = body.indexOf(':');
        if (colon < 0) {
            return defaultMethod(body);
        }
        String method = body.substring(0, colon);
        String value = body.substring(colon + 1);
        if (method.startsWith("config.")) {
            String key = method.substring("config.".length()).replace('-', '_');
            if (key.equals("materialized")) {
                return node ->
                        node.resourceType() == ResourceType.MODEL && glob(value).test(node.materialization());
            }
            Predicate<String> wanted = glob(value);
            return node -> {
                Object configured = node.config().get(key);
                if (configured instanceof List<?> list) {
                    return list.stream().anyMatch(item -> wanted.test(String.valueOf(item)));
                }
                return configured != null && wanted.test(String.valueOf(configured));
            };
        }
        return switch (method) {
            case "tag" -> node -> node.tags().stream().anyMatch(glob(value));
            case "path", "file" -> pathMatcher(value);
            case "fqn" -> fqnMatcher(value);
            case "resource_type" -> resourceType(value);
            case "source" -> sourceMatcher(value);
            case "package" ->
                node -> !node.fqn().isEmpty() && glob(value).test(node.fqn().get(0));
            case "test_type" -> testType(value);
            default ->
                throw new ProjectException("unknown selector method '%s' in '%s'; supported methods: %s"
                        .formatted(method, body, String.join(", ", METHODS)));
        };
    }

    private Predicate<GraphNode> defaultMethod(String value) {
        if (value.contains("/") || value.contains("\\") || value.endsWith(".sql") || value.endsWith(".csv")) {
            return pathMatcher(value);
        }
        Predicate<GraphNode> byFqn = fqnMatcher(value);
        return node -> node.resourceType() == ResourceType.SOURCE ? false : byFqn.test(node);
    }

    private static Predicate<GraphNode> fqnMatcher(String value) {
        List<String> parts = Arrays.asList(value.split("\\."));
        return node -> {
            if (parts.size() == 1 && glob(value).test(node.name())) {
                return true;
            }
            List<String> fqn = node.fqn();
            // A dotted selector names a prefix of the fqn, with or without the project name in front.
            return prefixMatches(fqn, parts) || (fqn.size() > 1 && prefixMatches(fqn.subList(1, fqn.size()), parts));
        };
    }

    private static boolean prefixMatches(List<String> fqn, List<String> parts) {
        if (parts.size() > fqn.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!glob(parts.get(i)).test(fqn.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<GraphNode> pathMatcher(String value) {
        String wanted = value.replace('\\', '/').replaceAll("/+$", "").replaceFirst("^\\./", "");
        PathMatcher globMatcher = FileSystems.getDefault().getPathMatcher("glob:" + wanted);
        return node -> {
            String path = node.originalFilePath();
            if (path == null || path.isEmpty()) {
                return false;
            }
            return path.equals(wanted) || path.startsWith(wanted + "/") || globMatcher.matches(Path.of(path));
        };
    }

    private static Predicate<GraphNode> resourceType(String value) {
        ResourceType type = Arrays.stream(ResourceType.values())
                .filter(candidate -> candidate.dbtName().equals(value.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ProjectException("unknown resource_type '%s'; use one of: %s"
                        .formatted(
                                value,
                                Arrays.stream(ResourceType.values())
                                        .map(ResourceType::dbtName)
                                        .collect(Collectors.joining(", ")))));
        return node -> node.resourceType() == type;
    }

    private static Predicate<GraphNode> sourceMatcher(String value) {
        String[] parts = value.split("\\.", 2);
        return node -> {
            if (node.resourceType() != ResourceType.SOURCE) {
                return false;
            }
            String[] name = node.name().split("\\.", 2);
            return glob(parts[0]).test(name[0])
                    && (parts.length == 1 || glob(parts[1]).test(name[1]));
        };
    }

    /**
     * dbt 1.8's test types: {@code generic} (old name {@code schema}), {@code singular}, {@code unit}, and {@code data}
     * for the data tests (generic and singular, never unit tests).
     */
    private static Predicate<GraphNode> testType(String value) {
        return switch (value) {
            case "generic", "schema" ->
                node -> node.resourceType() == ResourceType.TEST && "generic".equals(node.materialization());
            case "singular" ->
                node -> node.resourceType() == ResourceType.TEST && "singular".equals(node.materialization());
            case "data" -> node -> node.resourceType() == ResourceType.TEST;
            case "unit" -> node -> node.resourceType() == ResourceType.UNIT_TEST;
            default ->
                throw new ProjectException(
                        "unknown test_type '%s'; use generic, singular, data or unit".formatted(value));
        };
    }

    private static boolean isTest(GraphNode node) {
        return node.resourceType() == ResourceType.TEST || node.resourceType() == ResourceType.UNIT_TEST;
    }

    /** Shell-style wildcard match on one name ({@code *}, {@code ?}), as dbt's fnmatch. */
    private static Predicate<String> glob(String pattern) {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            return pattern::equals;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[', ']' -> regex.append(c);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled = Pattern.compile(regex.toString());
        return text -> text != null && compiled.matcher(text).matches();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
