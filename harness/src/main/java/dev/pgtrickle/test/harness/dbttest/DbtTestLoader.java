package dev.pgtrickle.test.harness.dbttest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds a project's dbt tests on disk: generic tests under {@code tests:} / {@code data_tests:} of models, seeds,
 * snapshots and source tables (and their columns) in property files; singular tests ({@code .sql} under the test paths,
 * except {@code generic/}); and custom generic tests ({@code {% test %}} blocks in macro files and
 * {@code tests/generic/}).
 */
public final class DbtTestLoader {

    private static final Pattern CONFIG_CALL = Pattern.compile("\\{\\{-?\\s*config\\((.*?)\\)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern KWARG =
            Pattern.compile("(\\w+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\"|(true|false|True|False|\\d+))");
    private static final Pattern TEST_BLOCK = Pattern.compile(
            "\\{%-?\\s*test\\s+(\\w+)\\s*\\((.*?)\\)\\s*-?%}(.*?)\\{%-?\\s*endtest\\s*-?%}", Pattern.DOTALL);

    private final DbtProjectLayout layout;

    /** A loader for the project {@code layout} describes. */
    public DbtTestLoader(DbtProjectLayout layout) {
        this.layout = layout;
    }

    /** All enabled tests of the project: generic tests first (by file), then singular tests (by path). */
    public List<DbtTest> tests() {
        List<DbtTest> tests = new ArrayList<>();
        for (Path file : propertyFiles()) {
            tests.addAll(genericTests(file));
        }
        for (Path file : sqlFiles(layout.testPaths())) {
            if (!isUnderGeneric(file)) {
                tests.add(singularTest(file));
            }
        }
        return uniqueNames(
                tests.stream().filter(test -> test.config().enabled()).toList());
    }

    /** The project's custom generic tests by name. */
    public Map<String, GenericTestMacro> customGenericTests() {
        Map<String, GenericTestMacro> macros = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(sqlFiles(layout.macroPaths()));
        sqlFiles(layout.testPaths()).stream().filter(this::isUnderGeneric).forEach(files::add);
        for (Path file : files) {
            Matcher block = TEST_BLOCK.matcher(read(file));
            while (block.find()) {
                GenericTestMacro macro =
                        new GenericTestMacro(block.group(1), parameters(block.group(2)), block.group(3), file);
                GenericTestMacro previous = macros.put(macro.name(), macro);
                if (previous != null) {
                    throw new DbtTestDefinitionException(
                            "generic test '%s' is defined twice: in %s and in %s; rename one"
                                    .formatted(macro.name(), previous.file(), file));
                }
            }
        }
        return macros;
    }

    private static List<GenericTestMacro.Parameter> parameters(String declaration) {
        List<GenericTestMacro.Parameter> parameters = new ArrayList<>();
        for (String part : splitTopLevel(declaration)) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            parameters.add(
                    equals < 0
                            ? new GenericTestMacro.Parameter(part.strip(), Optional.empty())
                            : new GenericTestMacro.Parameter(
                                    part.substring(0, equals).strip(),
                                    Optional.of(part.substring(equals + 1).strip())));
        }
        return parameters;
    }

    /** Split on commas that are not inside brackets or quotes. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private boolean isUnderGeneric(Path file) {
        return layout.testPaths().stream()
                .map(layout.root()::resolve)
                .anyMatch(testPath -> file.startsWith(testPath.resolve("generic")));
    }

    private List<Path> propertyFiles() {
        List<String> paths = new ArrayList<>(layout.modelPaths());
        paths.addAll(layout.seedPaths());
        paths.addAll(layout.snapshotPaths());
        paths.addAll(layout.testPaths());
        return files(paths, name -> name.endsWith(".yml") || name.endsWith(".yaml"));
    }

    private List<Path> sqlFiles(List<String> paths) {
        return files(paths, name -> name.endsWith(".sql"));
    }

    private List<Path> files(List<String> paths, java.util.function.Predicate<String> nameFilter) {
        List<Path> files = new ArrayList<>();
        for (String path : paths.stream().distinct().toList()) {
            Path dir = layout.root().resolve(path);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .filter(file -> nameFilter.test(file.getFileName().toString()))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return files;
    }

    private List<DbtTest> genericTests(Path file) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
        } catch (YAMLException e) {
            throw DbtTestLoader.invalidYaml(file, e);
        }
        if (!(document instanceof Map<?, ?> properties)) {
            return List.of();
        }
        List<DbtTest> tests = new ArrayList<>();
        for (String resourceType : List.of("models", "seeds", "snapshots")) {
            for (Map<?, ?> node : maps(properties.get(resourceType), file, resourceType)) {
                String name = requireName(node, file, resourceType);
                TestedNode tested = TestedNode.node(resourceType.substring(0, resourceType.length() - 1), name);
                tests.addAll(nodeTests(node, tested, file));
            }
        }
        for (Map<?, ?> source : maps(properties.get("sources"), file, "sources")) {
            String sourceName = requireName(source, file, "sources");
            for (Map<?, ?> table : maps(source.get("tables"), file, "sources." + sourceName + ".tables")) {
                String tableName = requireName(table, file, "sources." + sourceName + ".tables");
                tests.addAll(nodeTests(table, TestedNode.source(sourceName, tableName), file));
            }
        }
        return tests;
    }

    private List<DbtTest> nodeTests(Map<?, ?> node, TestedNode tested, Path file) {
        List<DbtTest> tests = new ArrayList<>();
        for (Object entry : testEntries(node)) {
            tests.add(genericTest(entry, tested, Optional.empty(), file));
        }
        for (Map<?, ?> column : maps(node.get("columns"), file, tested.displayName() + ".columns")) {
            String columnName = requireName(column, file, tested.displayName() + ".columns");
            for (Object entry : testEntries(column)) {
                tests.add(genericTest(entry, tested, Optional.of(columnName), file));
            }
        }
        return tests;
    }

    private static List<Object> testEntries(Map<?, ?> owner) {
        List<Object> entries = new ArrayList<>();
        for (String key : List.of("tests", "data_tests")) {
            if (owner.get(key) instanceof List<?> list) {
                entries.addAll(list);
            }
        }
        return entries;
    }

    private DbtTest genericTest(Object entry, TestedNode node, Optional<String> column, Path file) {
        String where = node.displayName() + column.map(c -> "." + c).orElse("");
        String declared;
        Map<?, ?> body;
        if (entry instanceof String name) {
            declared = name;
            body = Map.of();
        } else if (entry instanceof Map<?, ?> map && map.size() == 1 && !map.containsKey("test_name")) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            declared = String.valueOf(only.getKey());
            if (only.getValue() != null && !(only.getValue() instanceof Map<?, ?>)) {
                throw new DbtTestDefinitionException(
                        "%s: test '%s' on %s: its settings must be a mapping (arguments and config:), not '%s'"
                                .formatted(file, declared, where, only.getValue()));
            }
            body = only.getValue() == null ? Map.of() : (Map<?, ?>) only.getValue();
        } else if (entry instanceof Map<?, ?> map && map.containsKey("test_name")) {
            declared = String.valueOf(map.get("test_name"));
            body = map;
        } else {
            throw new DbtTestDefinitionException(
                    "%s: a test on %s is neither a name nor a single-key mapping: %s; write e.g. '- not_null' or '- accepted_values: {values: [a, b]}'"
                            .formatted(file, where, entry));
        }
        int dot = declared.lastIndexOf('.');
        Optional<String> namespace = dot < 0 ? Optional.empty() : Optional.of(declared.substring(0, dot));
        String testName = declared.substring(dot + 1);
        String origin = "%s: test '%s' on %s".formatted(file, declared, where);
        DbtTestConfig config = DbtTestConfig.DEFAULTS;
        Map<String, Object> arguments = new LinkedHashMap<>();
        Optional<String> customName = Optional.empty();
        for (Map.Entry<?, ?> setting : body.entrySet()) {
            String key = String.valueOf(setting.getKey());
            Object value = setting.getValue();
            switch (key) {
                case "config" -> {
                    if (!(value instanceof Map<?, ?> configMap)) {
                        throw new DbtTestDefinitionException(origin + ": config: must be a mapping");
                    }
                    config = config.with(configMap, origin);
                }
                case "arguments" -> {
                    if (!(value instanceof Map<?, ?> argumentMap)) {
                        throw new DbtTestDefinitionException(origin + ": arguments: must be a mapping");
                    }
                    argumentMap.forEach((k, v) -> arguments.put(String.valueOf(k), v));
                }
                case "name" -> customName = Optional.of(String.valueOf(value));
                case "test_name", "description" -> {}
                default -> {
                    if (DbtTestConfig.KEYS.contains(key)) {
                        config = config.with(Map.of(key, value == null ? "" : value), origin);
                    } else {
                        arguments.put(key, value);
                    }
                }
            }
        }
        String name = customName.orElse(testName + " " + where);
        return new DbtTest(
                name,
                DbtTestKind.GENERIC,
                testName,
                namespace,
                Optional.of(node),
                column,
                arguments,
                config,
                file,
                Optional.empty());
    }

    private DbtTest singularTest(Path file) {
        String sql = read(file);
        String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
        DbtTestConfig config = DbtTestConfig.DEFAULTS;
        Matcher call = CONFIG_CALL.matcher(sql);
        while (call.find()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            Matcher kwarg = KWARG.matcher(call.group(1));
            while (kwarg.find()) {
                String value = kwarg.group(2) != null
                        ? kwarg.group(2)
                        : kwarg.group(3) != null ? kwarg.group(3) : kwarg.group(4);
                settings.put(kwarg.group(1), value);
            }
            config = config.with(settings, "%s: config()".formatted(file));
        }
        return DbtTest.singular(name, file, sql, config);
    }

    private static List<DbtTest> uniqueNames(List<DbtTest> tests) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<DbtTest> unique = new ArrayList<>();
        for (DbtTest test : tests) {
            int count = seen.merge(test.name(), 1, Integer::sum);
            unique.add(count == 1 ? test : test.named("%s (%d)".formatted(test.name(), count)));
        }
        return unique;
    }

    private static List<Map<?, ?>> maps(Object value, Path file, String key) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new DbtTestDefinitionException("%s: '%s' must be a list of entries with a name".formatted(file, key));
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new DbtTestDefinitionException(
                        "%s: an entry of '%s' is '%s'; each entry must be a mapping with a name:"
                                .formatted(file, key, item));
            }
            maps.add(map);
        }
        return maps;
    }

    private static String requireName(Map<?, ?> node, Path file, String key) {
        Object name = node.get("name");
        if (name == null || String.valueOf(name).isBlank()) {
            throw new DbtTestDefinitionException("%s: an entry of '%s' has no name:; add one".formatted(file, key));
        }
        return String.valueOf(name);
    }

    /** {@code file:line: not valid YAML: problem}, without snakeyaml's multi-line context. */
    static DbtTestDefinitionException invalidYaml(Path file, YAMLException e) {
        if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
            return new DbtTestDefinitionException(
                    ("%s:%d: YAML syntax error: %s; check the indentation and quoting of this line and the lines"
                                    + " just above it (the parser notices a misplaced line only where it stops making"
                                    + " sense)")
                            .formatted(file, marked.getProblemMark().getLine() + 1, marked.getProblem()),
                    e);
        }
        return new DbtTestDefinitionException("%s: not valid YAML: %s".formatted(file, e.getMessage()), e);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
