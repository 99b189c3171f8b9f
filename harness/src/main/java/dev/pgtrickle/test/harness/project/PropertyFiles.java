package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.jinja.YamlTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The property ({@code schema.yml}-style) files of a project: per model and seed their {@code config:},
 * description, columns and tests; sources; and the generic tests they declare.
 */
final class PropertyFiles {

    /** What one property file says about one model or seed. */
    record Patch(Path file, int line, Map<String, Object> config, String description, List<ColumnSpec> columns) {}

    /** A model/seed test list waiting for the node's existence check. */
    private record PendingTests(YamlFile yaml, Object modelTests, Map<?, ?> entry, ResourceType type, String name) {}

    /** Top-level keys of property files for resources the harness does not build: loaded by dbt, warned about here. */
    private static final List<String> NOT_BUILT = List.of("exposures", "semantic_models", "metrics", "saved_queries");

    /**
     * A dbt 1.9 snapshot written in YAML: {@code relation:} (e.g. {@code ref('orders')}) is what it snapshots.
     *
     * @param relation the Jinja expression, as written
     */
    record YamlSnapshot(String name, Path file, int line, String relation) {}

    private final String projectName;
    private final ProjectWarnings warnings;
    private final GenericTestParser testParser;
    private final Map<String, Patch> modelPatches = new HashMap<>();
    private final Map<String, Patch> seedPatches = new HashMap<>();
    private final List<SourceTable> sources = new ArrayList<>();
    private final List<PendingTests> pendingTests = new ArrayList<>();
    private final List<Runnable> sourceTests = new ArrayList<>();
    private final List<GenericTestNode> tests = new ArrayList<>();
    private final List<ScenarioDeclaration> scenarios = new ArrayList<>();
    private final List<YamlSnapshot> yamlSnapshots = new ArrayList<>();
    /** The {@code unit_tests:} blocks, read once the models, seeds and fixture files are known. */
    private final List<Map.Entry<YamlFile, Object>> unitTestBlocks = new ArrayList<>();

    /** Renders Jinja in property values (env_var, var, target), as dbt does while parsing. */
    private final YamlTemplates templates;

    PropertyFiles(String projectName, ProjectWarnings warnings, YamlTemplates templates) {
        this.projectName = projectName;
        this.warnings = warnings;
        this.templates = templates;
        this.testParser = new GenericTestParser(projectName, templates);
    }

    /**
     * A value of {@code entry} rendered; hooks are left for run time, as dbt leaves them.
     *
     * @throws ProjectException naming the file, line and key when it does not render
     */
    private Object rendered(YamlFile yaml, Map<?, ?> entry, String key, Object value) {
        if (NodeConfig.normalizeKey(key).endsWith("_hook")) {
            return value;
        }
        try {
            return templates.render(value);
        } catch (IllegalArgumentException e) {
            throw yaml.error(entry, "'%s': %s".formatted(key, e.getMessage()));
        }
    }

    private String renderedText(YamlFile yaml, Map<?, ?> entry, String key, String fallback) {
        Object value = entry.get(key);
        return value == null ? fallback : String.valueOf(rendered(yaml, entry, key, value));
    }

    void read(Path file) {
        YamlFile yaml = YamlFile.read(file);
        if (yaml.root() == null) {
            return;
        }
        if (!(yaml.root() instanceof Map<?, ?> root)) {
            throw new ProjectException(
                    "a property file must be a mapping with keys like 'models:', 'seeds:' and 'sources:'",
                    file,
                    1,
                    null);
        }
        readNodes(yaml, root.get("models"), "models", ResourceType.MODEL, modelPatches);
        readNodes(yaml, root.get("seeds"), "seeds", ResourceType.SEED, seedPatches);
        readSources(yaml, root.get("sources"));
        // A snapshot's entry describes it as a model's does (config, columns, tests); it lives among the models.
        readNodes(yaml, root.get("snapshots"), "snapshots", ResourceType.MODEL, modelPatches);
        for (Map<?, ?> entry : entries(yaml, root.get("snapshots"), "snapshots")) {
            if (entry.get("relation") != null) {
                yamlSnapshots.add(new YamlSnapshot(
                        String.valueOf(entry.get("name")),
                        yaml.file(),
                        yaml.lineOf(entry),
                        String.valueOf(entry.get("relation"))));
            }
        }
        if (root.get("unit_tests") != null) {
            unitTestBlocks.add(Map.entry(yaml, root.get("unit_tests")));
        }
        for (String key : NOT_BUILT) {
            if (root.get(key) instanceof List<?> entries && !entries.isEmpty()) {
                warnings.add(
                        file,
                        yaml.lineOf(entries),
                        "'%s:' (%d entries: %s) is not supported by pgtrickle-test yet; they are not run"
                                .formatted(key, entries.size(), names(entries)));
            }
        }
    }

    private static List<String> names(List<?> entries) {
        return entries.stream()
                .map(entry -> entry instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : String.valueOf(entry))
                .toList();
    }

    private void readNodes(YamlFile yaml, Object block, String key, ResourceType type, Map<String, Patch> patches) {
        for (Map<?, ?> entry : entries(yaml, block, key)) {
            String name = requiredName(yaml, entry, key);
            Patch earlier = patches.get(name);
            if (earlier != null) {
                throw yaml.error(
                        entry,
                        "%s '%s' is already described in %s:%d; describe each %s in one property file"
                                .formatted(type.dbtName(), name, earlier.file(), earlier.line(), type.dbtName()));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            Object configBlock = entry.get("config");
            if (configBlock instanceof Map<?, ?> map) {
                map.forEach((k, v) -> config.put(String.valueOf(k), rendered(yaml, map, String.valueOf(k), v)));
            } else if (configBlock != null) {
                throw yaml.error(entry, "'config:' of %s '%s' must be a mapping".formatted(type.dbtName(), name));
            }
            patches.put(
                    name,
                    new Patch(
                            yaml.file(),
                            yaml.lineOf(entry),
                            config,
                            text(entry.get("description")),
                            columns(yaml, entry, name)));
            pendingTests.add(new PendingTests(yaml, testsOf(entry), entry, type, name));
            if (type == ResourceType.MODEL) {
                scenarios.addAll(ScenarioParser.read(yaml, entry, name));
            }
        }
    }

    private List<ColumnSpec> columns(YamlFile yaml, Map<?, ?> entry, String owner) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Map<?, ?> column : entries(yaml, entry.get("columns"), "columns")) {
            String name = requiredName(yaml, column, "columns of " + owner);
            columns.add(new ColumnSpec(
                    name,
                    text(column.get("description")),
                    Optional.ofNullable(column.get("data_type")).map(String::valueOf)));
        }
        return columns;
    }

    private void readSources(YamlFile yaml, Object block) {
        for (Map<?, ?> source : entries(yaml, block, "sources")) {
            String sourceName = requiredName(yaml, source, "sources");
            String schema = renderedText(yaml, source, "schema", sourceName);
            if (source.get("database") != null) {
                rendered(yaml, source, "database", source.get("database"));
            }
            List<String> sourceTags = strings(source.get("tags"));
            for (Map<?, ?> table : entries(yaml, source.get("tables"), "tables of source " + sourceName)) {
                String tableName = requiredName(yaml, table, "tables of source " + sourceName);
                String identifier = renderedText(yaml, table, "identifier", tableName);
                List<String> tags = new ArrayList<>(sourceTags);
                tags.addAll(strings(table.get("tags")));
                String uniqueId = "source.%s.%s.%s".formatted(projectName, sourceName, tableName);
                if (sources.stream().anyMatch(existing -> existing.uniqueId().equals(uniqueId))) {
                    throw yaml.error(table, "source table %s.%s is declared twice".formatted(sourceName, tableName));
                }
                SourceTable sourceTable = new SourceTable(
                        sourceName,
                        tableName,
                        uniqueId,
                        new Relation(schema, identifier),
                        yaml.file(),
                        yaml.lineOf(table),
                        columns(yaml, table, sourceName + "." + tableName),
                        tags);
                sources.add(sourceTable);
                TestAttachment attachment =
                        new TestAttachment(ResourceType.SOURCE, tableName, Optional.of(sourceName), uniqueId);
                sourceTests.add(() -> addTests(yaml, table, attachment));
            }
        }
    }

    /**
     * Resolves the model and seed tests once every node is known. A property entry for a model or seed that does not
     * exist is a warning, as in dbt (a property file shared by projects, an entry left behind by a rename); its tests
     * do not run, which the warning says.
     */
    List<GenericTestNode> tests(Map<String, String> modelIds, Map<String, String> seedIds, Map<String, Path> disabled) {
        for (PendingTests pending : pendingTests) {
            Map<String, String> ids = pending.type() == ResourceType.MODEL ? modelIds : seedIds;
            String uniqueId = ids.get(pending.name());
            if (uniqueId == null) {
                if (disabled.containsKey(pending.name())) {
                    continue;
                }
                warnings.add(
                        pending.yaml().file(),
                        pending.yaml().lineOf(pending.entry()),
                        "%s '%s' is described here but there is no %s file called '%s', so this entry and its tests are ignored; rename the entry or add the file"
                                .formatted(
                                        pending.type().dbtName(),
                                        pending.name(),
                                        pending.type() == ResourceType.MODEL ? ".sql" : ".csv",
                                        pending.name()));
                continue;
            }
            addTests(
                    pending.yaml(),
                    pending.entry(),
                    new TestAttachment(pending.type(), pending.name(), Optional.empty(), uniqueId));
        }
        sourceTests.forEach(Runnable::run);
        return tests;
    }

    /**
     * The unit tests of every property file. A unit test of a disabled model is disabled with it, as in dbt; one of a
     * model that does not exist carries that problem (dbt stops parsing there; here the other tests still run).
     */
    List<UnitTestNode> unitTests(UnitTestParser parser, Map<String, String> modelIds, Map<String, Path> disabled) {
        List<UnitTestNode> unitTests = new ArrayList<>();
        Map<String, UnitTestNode> byId = new HashMap<>();
        for (Map.Entry<YamlFile, Object> block : unitTestBlocks) {
            for (UnitTestNode test : parser.parse(block.getKey(), block.getValue())) {
                if (disabled.containsKey(test.model()) && !modelIds.containsKey(test.model())) {
                    continue;
                }
                UnitTestNode checked = test;
                if (!test.model().isBlank() && !modelIds.containsKey(test.model())) {
                    checked =
                            test.withProblem("unit test '%s' tests model '%s', which does not exist; the models are: %s"
                                    .formatted(
                                            test.name(),
                                            test.model(),
                                            String.join(", ", new java.util.TreeSet<>(modelIds.keySet()))));
                }
                UnitTestNode earlier = byId.putIfAbsent(checked.uniqueId(), checked);
                if (earlier != null) {
                    throw new ProjectException(
                            "unit test '%s' of model '%s' is also defined at %s:%d; give one another name"
                                    .formatted(test.name(), test.model(), earlier.file(), earlier.line()),
                            test.file(),
                            test.line(),
                            null);
                }
                unitTests.add(checked);
            }
        }
        return unitTests;
    }

    private void addTests(YamlFile yaml, Map<?, ?> entry, TestAttachment attachment) {
        tests.addAll(testParser.parse(yaml, testsOf(entry), attachment, Optional.empty()));
        for (Map<?, ?> column : entries(yaml, entry.get("columns"), "columns")) {
            tests.addAll(testParser.parse(
                    yaml, testsOf(column), attachment, Optional.of(String.valueOf(column.get("name")))));
        }
    }

    private static Object testsOf(Map<?, ?> entry) {
        return entry.get("data_tests") != null ? entry.get("data_tests") : entry.get("tests");
    }

    /**
     * The change scenarios of the models that exist ({@code modelIds}: name to unique id), in property-file order; those
     * of a model with no file are left out with its tests (the warning about the entry says so).
     */
    List<ScenarioDeclaration> scenarios(Map<String, String> modelIds) {
        Map<String, ScenarioDeclaration> seen = new HashMap<>();
        List<ScenarioDeclaration> found = new ArrayList<>();
        for (ScenarioDeclaration scenario : scenarios) {
            String uniqueId = modelIds.get(scenario.model());
            if (uniqueId == null) {
                continue;
            }
            ScenarioDeclaration earlier = seen.putIfAbsent(scenario.model() + "\0" + scenario.name(), scenario);
            found.add(
                    earlier == null
                            ? scenario.forModel(uniqueId)
                            : ScenarioDeclaration.malformed(
                                    scenario.model(),
                                    uniqueId,
                                    scenario.name() + " (duplicate)",
                                    scenario.file(),
                                    scenario.line(),
                                    "%s: scenario '%s' of model %s is already declared at %s; give each scenario of a model its own name"
                                            .formatted(
                                                    scenario.location(scenario.line()),
                                                    scenario.name(),
                                                    scenario.model(),
                                                    earlier.location(earlier.line()))));
        }
        return found;
    }

    /** The snapshots property files define with {@code relation:} (dbt 1.9), in file order. */
    List<YamlSnapshot> yamlSnapshots() {
        return List.copyOf(yamlSnapshots);
    }

    Optional<Patch> modelPatch(String name) {
        return Optional.ofNullable(modelPatches.get(name));
    }

    Optional<Patch> seedPatch(String name) {
        return Optional.ofNullable(seedPatches.get(name));
    }

    List<SourceTable> sources() {
        return sources;
    }

    private static List<Map<?, ?>> entries(YamlFile yaml, Object block, String key) {
        if (block == null) {
            return List.of();
        }
        if (!(block instanceof List<?> list)) {
            throw yaml.error(block, "'%s:' must be a list of entries starting with '- name:'".formatted(key));
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw yaml.error(
                        list, "every entry of '%s:' must be a mapping with a 'name:', found '%s'".formatted(key, item));
            }
            maps.add(map);
        }
        return maps;
    }

    private static String requiredName(YamlFile yaml, Map<?, ?> entry, String key) {
        Object name = entry.get("name");
        if (name instanceof Boolean) {
            throw yaml.error(
                    entry,
                    "a 'name:' of '%s:' is read by YAML as the boolean %s (yes/no/on/off are booleans in YAML 1.1); quote the name"
                            .formatted(key, name));
        }
        if (name == null || String.valueOf(name).isBlank()) {
            throw yaml.error(entry, "an entry of '%s:' has no 'name:'; add one".formatted(key));
        }
        return String.valueOf(name);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
