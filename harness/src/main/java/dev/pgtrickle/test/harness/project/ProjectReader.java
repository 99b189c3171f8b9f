package dev.pgtrickle.test.harness.project;

import dev.pgtrickle.test.harness.jinja.YamlTemplates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads and validates one project directory. */
final class ProjectReader {

    private static final String PROJECT_FILE = "dbt_project.yml";
    private static final Pattern SNAPSHOT_BLOCK = Pattern.compile("\\{%-?\\s*snapshot\\s+(\\w+)");
    private static final Pattern SNAPSHOT_END = Pattern.compile("\\{%-?\\s*endsnapshot\\s*-?%}");

    private final Path root;
    private final LoadOptions options;
    /** dbt_project.yml's renderer: env_var, the command-line vars and the target, as dbt renders that file. */
    private YamlTemplates templates;

    ProjectReader(Path projectDir, LoadOptions options) {
        this.root = projectDir.toAbsolutePath().normalize();
        this.options = options;
        this.templates = new YamlTemplates(options.env()::get, options.vars(), Map.of());
    }

    DbtProject read() {
        Path projectFile = root.resolve(PROJECT_FILE);
        if (!Files.isDirectory(root)) {
            throw new ProjectException(
                    "project directory does not exist; point the harness at the folder holding dbt_project.yml",
                    root,
                    0,
                    null);
        }
        if (!Files.isRegularFile(projectFile)) {
            throw new ProjectException(
                    "no dbt_project.yml in %s; point the harness at the folder holding dbt_project.yml".formatted(root),
                    projectFile,
                    0,
                    null);
        }
        YamlFile yaml = YamlFile.read(projectFile);
        if (!(yaml.root() instanceof Map<?, ?> settings)) {
            throw new ProjectException("dbt_project.yml must be a mapping with at least 'name:'", projectFile, 1, null);
        }
        String name = projectName(yaml, settings);
        Optional<String> profileName =
                Optional.ofNullable(settings.get("profile")).map(String::valueOf);
        // dbt reads the profile first: dbt_project.yml's values may use target.* (profiles.yml sees env_var and the
        // command-line vars only).
        Path profilesFile = root.resolve("profiles.yml");
        Optional<Profile> profile = Files.isRegularFile(profilesFile)
                ? profile(ProfileReader.read(profilesFile, templates), profileName, profilesFile)
                : Optional.empty();
        templates = new YamlTemplates(
                options.env()::get, options.vars(), targetValues(profile, options.target(), profileName, name));
        ProjectPaths paths = paths(yaml, settings);
        Object varsBlock = settings.get("vars");
        Map<String, Object> vars = vars(yaml, varsBlock, name);
        ProjectWarnings warnings = new ProjectWarnings();
        ConfigTrees trees = ConfigTrees.of(yaml, settings, templates);
        Nodes own = nodes(name, paths, trees, Optional.empty(), vars, warnings);

        List<DbtPackage> packages = new ArrayList<>();
        List<Nodes> all = new ArrayList<>(List.of(own));
        for (DbtPackage installed : new PackageReader(root).read(settings)) {
            ProjectReader reader = new ProjectReader(installed.root(), options);
            reader.templates = templates;
            PackageNodes read =
                    reader.packageNodes(installed, trees, rootVarsFor(yaml, varsBlock, installed.name()), warnings);
            packages.add(read.dbtPackage());
            all.add(read.nodes());
        }
        List<List<String>> modelFqns =
                all.stream().flatMap(nodes -> nodes.modelFqns().stream()).toList();
        List<List<String>> seedFqns =
                all.stream().flatMap(nodes -> nodes.seedFqns().stream()).toList();
        List<List<String>> snapshotFqns =
                all.stream().flatMap(nodes -> nodes.snapshotFqns().stream()).toList();
        warnUnused("models", trees.models(), modelFqns, warnings, projectFile);
        warnUnused("seeds", trees.seeds(), seedFqns, warnings, projectFile);
        warnUnused("snapshots", trees.snapshots(), snapshotFqns, warnings, projectFile);
        List<ModelNode> models = all.stream()
                .flatMap(nodes -> nodes.models().stream())
                .sorted(Comparator.comparing(ModelNode::name))
                .toList();
        List<SeedNode> seeds = all.stream()
                .flatMap(nodes -> nodes.seeds().stream())
                .sorted(Comparator.comparing(SeedNode::name))
                .toList();
        checkUniqueNames(models, seeds);

        boolean hasPackages = Files.isRegularFile(root.resolve("packages.yml"))
                || Files.isRegularFile(root.resolve("dependencies.yml"));
        return new DbtProject(
                name,
                root,
                profileName,
                paths,
                vars,
                models,
                seeds,
                all.stream().flatMap(nodes -> nodes.sources().stream()).toList(),
                all.stream().flatMap(nodes -> nodes.genericTests().stream()).toList(),
                all.stream().flatMap(nodes -> nodes.singularTests().stream()).toList(),
                macros(paths),
                profile,
                hasPackages,
                packages,
                dispatch(yaml, settings.get("dispatch")),
                warnings.messages(),
                all.stream().flatMap(nodes -> nodes.scenarios().stream()).toList(),
                RunHook.inRunOrder(name, RunHook.read(name, yaml, settings), packages),
                all.stream()
                        .flatMap(nodes -> nodes.unitTests().stream())
                        .map(test -> ofAnotherPackagesModel(test, models))
                        .toList());
    }

    private ProjectPaths paths(YamlFile yaml, Map<?, ?> settings) {
        return new ProjectPaths(
                pathList(yaml, settings, List.of("model-paths", "source-paths"), "models"),
                pathList(yaml, settings, List.of("seed-paths", "data-paths"), "seeds"),
                pathList(yaml, settings, List.of("test-paths"), "tests"),
                pathList(yaml, settings, List.of("macro-paths"), "macros"),
                pathList(yaml, settings, List.of("snapshot-paths"), "snapshots"));
    }

    /**
     * The {@code models:}, {@code seeds:}, {@code tests:} (or {@code data_tests:}), {@code snapshots:} and {@code
     * unit_tests:} blocks of a dbt_project.yml.
     */
    private record ConfigTrees(
            ConfigTree models, ConfigTree seeds, ConfigTree tests, ConfigTree snapshots, ConfigTree unitTests) {
        static ConfigTrees of(YamlFile yaml, Map<?, ?> settings, YamlTemplates templates) {
            Object testsBlock = settings.get("data_tests") != null ? settings.get("data_tests") : settings.get("tests");
            return new ConfigTrees(
                    new ConfigTree(yaml, settings.get("models"), "models", templates),
                    new ConfigTree(yaml, settings.get("seeds"), "seeds", templates),
                    new ConfigTree(yaml, testsBlock, "tests", templates),
                    new ConfigTree(yaml, settings.get("snapshots"), "snapshots", templates),
                    new ConfigTree(yaml, settings.get("unit_tests"), "unit_tests", templates));
        }
    }

    /** What one project folder (the root project or an installed package) declares; snapshots among the models. */
    private record Nodes(
            List<ModelNode> models,
            List<SeedNode> seeds,
            List<SourceTable> sources,
            List<GenericTestNode> genericTests,
            List<SingularTestNode> singularTests,
            List<List<String>> modelFqns,
            List<List<String>> seedFqns,
            List<List<String>> snapshotFqns,
            List<ScenarioDeclaration> scenarios,
            List<UnitTestNode> unitTests) {}

    /** A package's nodes, and the package with the settings they see. */
    private record PackageNodes(DbtPackage dbtPackage, Nodes nodes) {}

    /**
     * The nodes of the project called {@code name} in this reader's folder. {@code rootTrees}, for a package, is the
     * root project's configuration, which dbt applies over the package's own (and, for seeds and tests, which take no
     * {@code config()} call here, over the property files too).
     */
    private Nodes nodes(
            String name,
            ProjectPaths paths,
            ConfigTrees trees,
            Optional<ConfigTrees> rootTrees,
            Map<String, Object> vars,
            ProjectWarnings warnings) {
        // Property files see the project's vars too, under the command-line ones.
        Map<String, Object> propertyVars = new LinkedHashMap<>(vars);
        propertyVars.putAll(options.vars());
        PropertyFiles properties = new PropertyFiles(name, warnings, templates.withVars(propertyVars));
        for (String dir : concat(
                paths.modelPaths(), paths.seedPaths(), paths.macroPaths(), paths.testPaths(), paths.snapshotPaths())) {
            files(dir, ".yml", ".yaml").forEach(properties::read);
        }
        Map<String, Path> disabled = new HashMap<>();
        List<List<String>> modelFqns = new ArrayList<>();
        List<List<String>> seedFqns = new ArrayList<>();
        List<ModelNode> models = new ArrayList<>(models(
                name,
                paths,
                withRoot(trees.models(), rootTrees.map(ConfigTrees::models)),
                properties,
                disabled,
                modelFqns));
        List<List<String>> snapshotFqns = new ArrayList<>();
        TreeConfig snapshotTree = withRoot(trees.snapshots(), rootTrees.map(ConfigTrees::snapshots));
        for (ModelNode snapshot : snapshots(name, paths, snapshotTree, properties, disabled, snapshotFqns)) {
            if (models.stream().anyMatch(model -> model.name().equals(snapshot.name()))) {
                throw new ProjectException(
                        "a model and a snapshot are both called '%s', so ref('%s') is ambiguous; rename one"
                                .formatted(snapshot.name(), snapshot.name()),
                        snapshot.file(),
                        0,
                        null);
            }
            models.add(snapshot);
        }
        models.sort(Comparator.comparing(ModelNode::name));
        List<SeedNode> seeds = seeds(
                name,
                paths,
                withRoot(trees.seeds(), rootTrees.map(ConfigTrees::seeds)),
                properties,
                disabled,
                seedFqns);
        checkNoClash(models, seeds);

        Map<String, String> modelIds = new LinkedHashMap<>();
        models.forEach(model -> modelIds.put(model.name(), model.uniqueId()));
        Map<String, String> seedIds = new LinkedHashMap<>();
        seeds.forEach(seed -> seedIds.put(seed.name(), seed.uniqueId()));
        List<GenericTestNode> genericTests = properties.tests(modelIds, seedIds, disabled).stream()
                .map(test -> {
                    List<String> fqn = genericTestFqn(name, paths, test);
                    TreeConfig tree = withRoot(trees.tests(), rootTrees.map(ConfigTrees::tests));
                    return test.withConfig(tree.under(fqn).merge(test.config()).merge(tree.over(fqn)));
                })
                .filter(test -> test.config().enabled())
                .toList();
        List<SingularTestNode> singularTests =
                singularTests(name, paths, withRoot(trees.tests(), rootTrees.map(ConfigTrees::tests)));
        checkUniqueTestNames(genericTests, singularTests);
        TreeConfig unitTestTree = withRoot(trees.unitTests(), rootTrees.map(ConfigTrees::unitTests));
        List<UnitTestNode> unitTests =
                properties.unitTests(unitTestParser(name, paths, seeds), modelIds, disabled).stream()
                        .map(test -> test.withConfig(unitTestTree
                                .under(test.fqn())
                                .merge(test.config().asMap())
                                .merge(unitTestTree.over(test.fqn()))))
                        .filter(ProjectReader::unitTestEnabled)
                        .toList();
        return new Nodes(
                models,
                seeds,
                properties.sources(),
                genericTests,
                singularTests,
                modelFqns,
                seedFqns,
                snapshotFqns,
                properties.scenarios(modelIds),
                unitTests);
    }

    /**
     * {@code test} with a precise problem when it names a model of another package (or of the root project, for a
     * package's test): dbt only unit-tests the models of the project that declares the test.
     */
    private static UnitTestNode ofAnotherPackagesModel(UnitTestNode test, List<ModelNode> models) {
        return models.stream()
                .filter(model -> model.name().equals(test.model())
                        && !model.packageName().equals(test.packageName()))
                .findFirst()
                .map(model -> test.withProblemInstead(
                        "unit test '%s' tests model '%s' of '%s', but dbt runs a unit test only on a model of the project or package that declares it ('%s'); declare the test in '%s' or test a model of '%s'"
                                .formatted(
                                        test.name(),
                                        model.name(),
                                        model.packageName(),
                                        test.packageName(),
                                        model.packageName(),
                                        test.packageName())))
                .orElse(test);
    }

    /** A unit test's {@code enabled}; a value that is not a boolean is the test's problem, so it stays to say so. */
    private static boolean unitTestEnabled(UnitTestNode test) {
        try {
            return test.config().enabled();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * The unit test reader: fixture files are the {@code .csv} and {@code .sql} files under each test path's {@code
     * fixtures} folder, found by name as dbt finds them.
     */
    private UnitTestParser unitTestParser(String project, ProjectPaths paths, List<SeedNode> seeds) {
        Map<String, Path> fixtures = new LinkedHashMap<>();
        for (String dir : paths.testPaths()) {
            for (Path file : files(dir + "/fixtures", ".csv", ".sql")) {
                fixtures.putIfAbsent(stem(file), file);
            }
        }
        Map<String, Path> seedFiles = new LinkedHashMap<>();
        seeds.forEach(seed -> seedFiles.put(seed.name(), seed.file()));
        return new UnitTestParser(
                project,
                fixture -> Optional.ofNullable(fixtures.get(fixture)),
                file -> folders(paths, file),
                seed -> Optional.ofNullable(seedFiles.get(seed)));
    }

    /** The folders of {@code file} under the resource path holding it (dbt's fqn between project and name). */
    private List<String> folders(ProjectPaths paths, Path file) {
        for (String dir : concat(paths.modelPaths(), paths.seedPaths(), paths.macroPaths(), paths.testPaths())) {
            Path base = root.resolve(dir).normalize();
            if (file.startsWith(base)) {
                List<String> fqn = fqn("", dir, file);
                return fqn.subList(1, fqn.size() - 1);
            }
        }
        return List.of();
    }

    /**
     * A node's configuration from dbt_project.yml: its own project's tree, and (for a package's node) the root
     * project's, which dbt applies over everything else (the property files, and for models the config() call).
     */
    private record TreeConfig(ConfigTree own, Optional<ConfigTree> root) {
        NodeConfig under(List<String> fqn) {
            return own.configFor(fqn);
        }

        NodeConfig over(List<String> fqn) {
            return root.map(tree -> tree.configFor(fqn)).orElse(NodeConfig.empty());
        }
    }

    private static TreeConfig withRoot(ConfigTree own, Optional<ConfigTree> root) {
        return new TreeConfig(own, root);
    }

    /**
     * The nodes of the package in this reader's folder, as dbt reads them for a dependency: its own dbt_project.yml's
     * paths, configuration and vars, with the root project's configuration ({@code models: <package>: ...}) and vars
     * ({@code vars: <package>: ...}) over them.
     */
    private PackageNodes packageNodes(
            DbtPackage installed, ConfigTrees rootTrees, Map<String, Object> rootVars, ProjectWarnings warnings) {
        Path projectFile = root.resolve(PROJECT_FILE);
        YamlFile yaml = YamlFile.read(projectFile);
        Map<?, ?> settings = (Map<?, ?>) yaml.root();
        String name = installed.name();
        Map<String, Object> vars = new LinkedHashMap<>(vars(yaml, settings.get("vars"), name));
        vars.putAll(rootVars);
        Nodes nodes = nodes(
                name,
                paths(yaml, settings),
                ConfigTrees.of(yaml, settings, templates),
                Optional.of(rootTrees),
                vars,
                warnings);
        // A model's config() call sits between the two trees in dbt's order; the root project's part is kept apart
        // so the compile can apply it over that call.
        Map<String, NodeConfig> rootModelConfig = new LinkedHashMap<>();
        for (ModelNode model : nodes.models()) {
            ConfigTree rootTree = ResourceType.of(model.uniqueId()) == ResourceType.SNAPSHOT
                    ? rootTrees.snapshots()
                    : rootTrees.models();
            NodeConfig config = rootTree.configFor(model.fqn());
            if (!config.asMap().isEmpty()) {
                rootModelConfig.put(model.uniqueId(), config);
            }
        }
        return new PackageNodes(installed.withNodeSettings(vars, rootModelConfig), nodes);
    }

    /**
     * What the root project's {@code vars:} give a package's nodes, as dbt merges them: the global ones, then those
     * under the package's name.
     */
    private Map<String, Object> rootVarsFor(YamlFile yaml, Object block, String packageName) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (block instanceof Map<?, ?> map) {
            map.forEach((key, value) -> vars.put(String.valueOf(key), render(yaml, block, value)));
            if (map.get(packageName) instanceof Map<?, ?> scoped) {
                scoped.forEach((key, value) -> vars.put(String.valueOf(key), render(yaml, scoped, value)));
            }
        }
        return vars;
    }

    /** {@code dispatch:}: a list of {@code macro_namespace:} and {@code search_order:} pairs. */
    private static Map<String, List<String>> dispatch(YamlFile yaml, Object block) {
        if (block == null) {
            return Map.of();
        }
        if (!(block instanceof List<?> entries)) {
            throw yaml.error(block, "'dispatch:' must be a list of {macro_namespace: ..., search_order: [...]}");
        }
        Map<String, List<String>> dispatch = new LinkedHashMap<>();
        for (Object item : entries) {
            if (!(item instanceof Map<?, ?> entry)
                    || entry.get("macro_namespace") == null
                    || !(entry.get("search_order") instanceof List<?> order)) {
                throw yaml.error(
                        entries,
                        "every 'dispatch:' entry needs 'macro_namespace:' and a 'search_order:' list, found '%s'"
                                .formatted(item));
            }
            dispatch.put(
                    String.valueOf(entry.get("macro_namespace")),
                    order.stream().map(String::valueOf).toList());
        }
        return dispatch;
    }

    private String projectName(YamlFile yaml, Map<?, ?> settings) {
        Object name = settings.get("name");
        if (name == null) {
            throw yaml.error(settings, "dbt_project.yml has no 'name:'; add e.g. name: 'my_project'");
        }
        String text = String.valueOf(name);
        if (!text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw yaml.error(
                    settings,
                    "project name '%s' is not valid: use letters, digits and underscores, starting with a letter"
                            .formatted(text));
        }
        return text;
    }

    private List<String> pathList(YamlFile yaml, Map<?, ?> settings, List<String> keys, String fallback) {
        for (String key : keys) {
            Object value = settings.get(key);
            if (value == null) {
                continue;
            }
            List<String> paths = (value instanceof List<?> list ? list : List.of(value))
                    .stream()
                            .map(path -> String.valueOf(render(yaml, settings, path)))
                            .toList();
            for (String path : paths) {
                Path resolved = root.resolve(path).normalize();
                if (!resolved.startsWith(root)) {
                    throw yaml.error(settings, "'%s' entry '%s' points outside the project".formatted(key, path));
                }
            }
            return paths;
        }
        return List.of(fallback);
    }

    /**
     * {@code target} as dbt_project.yml sees it: the selected output's values as profiles.yml writes them (never the
     * password); without a profile (or when its output cannot be read yet, which the compile reports) the name only.
     */
    private static Map<String, Object> targetValues(
            Optional<Profile> profile, Optional<String> name, Optional<String> profileName, String projectName) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name.orElse("default"));
        values.put("type", "postgres");
        values.put("profile_name", profileName.orElse(projectName));
        Optional<ProfileTarget> output;
        try {
            output = profile.flatMap(chosen -> chosen.target(name));
        } catch (ProjectException e) {
            output = Optional.empty();
        }
        if (profile.isEmpty()) {
            values.put("schema", "public");
        }
        output.ifPresent(target -> {
            values.put("name", target.name());
            values.put("type", target.type());
            values.put("schema", target.schema());
            target.host().ifPresent(host -> values.put("host", host));
            target.port().ifPresent(port -> values.put("port", port));
            target.user().ifPresent(user -> values.put("user", user));
            target.dbname().ifPresent(dbname -> {
                values.put("dbname", dbname);
                values.put("database", dbname);
            });
            values.put("threads", target.threads());
        });
        return values;
    }

    private Map<String, Object> vars(YamlFile yaml, Object block, String projectName) {
        if (block == null) {
            return Map.of();
        }
        if (!(block instanceof Map<?, ?> map)) {
            throw yaml.error(block, "'vars:' must be a mapping of names to values");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (!(String.valueOf(key).equals(projectName) && value instanceof Map<?, ?>)) {
                vars.put(String.valueOf(key), render(yaml, block, value));
            }
        });
        // Vars scoped to this project's name win over global ones, as dbt resolves them for the project's nodes.
        if (map.get(projectName) instanceof Map<?, ?> scoped) {
            scoped.forEach((key, value) -> vars.put(String.valueOf(key), render(yaml, scoped, value)));
        }
        return vars;
    }

    private Object render(YamlFile yaml, Object where, Object value) {
        try {
            return templates.render(value);
        } catch (IllegalArgumentException e) {
            throw yaml.error(where, e.getMessage());
        }
    }

    private List<ModelNode> models(
            String project,
            ProjectPaths paths,
            TreeConfig tree,
            PropertyFiles properties,
            Map<String, Path> disabled,
            List<List<String>> allFqns) {
        return nodeFiles(
                        project,
                        paths.modelPaths(),
                        ".sql",
                        tree,
                        properties::modelPatch,
                        "two models are called '%s' (also %s); model names must be unique, rename one file",
                        disabled,
                        allFqns)
                .stream()
                .map(node -> new ModelNode(
                        node.name(),
                        "model.%s.%s".formatted(project, node.name()),
                        node.file(),
                        relative(node.file()),
                        node.fqn(),
                        readText(node.file()),
                        node.config(),
                        node.patch().map(PropertyFiles.Patch::description).orElse(""),
                        node.patch().map(PropertyFiles.Patch::columns).orElse(List.of()),
                        node.patch().map(PropertyFiles.Patch::file)))
                .toList();
    }

    private List<SeedNode> seeds(
            String project,
            ProjectPaths paths,
            TreeConfig tree,
            PropertyFiles properties,
            Map<String, Path> disabled,
            List<List<String>> allFqns) {
        return nodeFiles(
                        project,
                        paths.seedPaths(),
                        ".csv",
                        tree,
                        properties::seedPatch,
                        "two seeds are called '%s' (also %s); rename one file",
                        disabled,
                        allFqns)
                .stream()
                .map(node -> new SeedNode(
                        node.name(),
                        "seed.%s.%s".formatted(project, node.name()),
                        node.file(),
                        relative(node.file()),
                        node.fqn(),
                        node.config(),
                        node.patch().map(PropertyFiles.Patch::columns).orElse(List.of())))
                .toList();
    }

    /** One model or seed file with its merged configuration: the part models and seeds are found by alike. */
    private record NodeFile(
            String name, Path file, List<String> fqn, NodeConfig config, Optional<PropertyFiles.Patch> patch) {}

    /**
     * The enabled node files under {@code dirs}, sorted by name, in one walk: every file's fqn goes to {@code
     * allFqns} (disabled ones too, for the unused-path warning) and every disabled name to {@code disabled}.
     */
    private List<NodeFile> nodeFiles(
            String project,
            List<String> dirs,
            String suffix,
            TreeConfig tree,
            Function<String, Optional<PropertyFiles.Patch>> patches,
            String duplicateMessage,
            Map<String, Path> disabled,
            List<List<String>> allFqns) {
        Map<String, NodeFile> byName = new LinkedHashMap<>();
        for (String dir : dirs) {
            for (Path file : files(dir, suffix)) {
                String name = stem(file);
                List<String> fqn = fqn(project, dir, file);
                allFqns.add(fqn);
                Optional<PropertyFiles.Patch> patch = patches.apply(name);
                NodeConfig config = tree.under(fqn);
                if (patch.isPresent()) {
                    config = config.merge(patch.get().config());
                }
                config = config.merge(tree.over(fqn));
                NodeFile existing = byName.get(name);
                if (existing != null) {
                    throw new ProjectException(duplicateMessage.formatted(name, existing.file()), file, 0, null);
                }
                if (!enabled(config, file)) {
                    disabled.put(name, file);
                    continue;
                }
                byName.put(name, new NodeFile(name, file, fqn, config, patch));
            }
        }
        return byName.values().stream()
                .sorted(Comparator.comparing(NodeFile::name))
                .toList();
    }

    private static boolean enabled(NodeConfig config, Path file) {
        try {
            return config.enabled();
        } catch (IllegalArgumentException e) {
            throw new ProjectException(e.getMessage(), file, 0, e);
        }
    }

    /**
     * Names across the project and its packages: dbt tells two nodes of one name apart by package ({@code ref('pkg',
     * 'x')}); pgtrickle-test resolves {@code ref()} by name, so it refuses them, naming both files.
     */
    private static void checkUniqueNames(List<ModelNode> models, List<SeedNode> seeds) {
        Map<String, Path> seen = new HashMap<>();
        for (ModelNode model : models) {
            Path earlier = seen.putIfAbsent(model.name(), model.file());
            if (earlier != null) {
                throw new ProjectException(
                        "two models are called '%s' (also %s), in the project and a package or in two packages; pgtrickle-test needs a model name to be unique across them: disable one (models: <package>: ... +enabled: false)"
                                .formatted(model.name(), earlier),
                        model.file(),
                        0,
                        null);
            }
        }
        seen.clear();
        for (SeedNode seed : seeds) {
            Path earlier = seen.putIfAbsent(seed.name(), seed.file());
            if (earlier != null) {
                throw new ProjectException(
                        "two seeds are called '%s' (also %s), in the project and a package or in two packages; pgtrickle-test needs a seed name to be unique across them: disable one (seeds: <package>: ... +enabled: false)"
                                .formatted(seed.name(), earlier),
                        seed.file(),
                        0,
                        null);
            }
        }
        checkNoClash(models, seeds);
    }

    private static void checkNoClash(List<ModelNode> models, List<SeedNode> seeds) {
        for (SeedNode seed : seeds) {
            for (ModelNode model : models) {
                if (model.name().equals(seed.name())) {
                    throw new ProjectException(
                            "a model and a seed are both called '%s' (%s), so ref('%s') is ambiguous; rename one"
                                    .formatted(model.name(), seed.file(), model.name()),
                            model.file(),
                            0,
                            null);
                }
            }
        }
    }

    private List<SingularTestNode> singularTests(String project, ProjectPaths paths, TreeConfig tree) {
        List<SingularTestNode> tests = new ArrayList<>();
        for (String dir : paths.testPaths()) {
            // As in dbt, tests/generic holds generic tests and tests/fixtures unit test fixtures, not singular tests.
            Path generic = root.resolve(dir).normalize().resolve("generic");
            Path fixtures = root.resolve(dir).normalize().resolve("fixtures");
            for (Path file : files(dir, ".sql")) {
                if (file.startsWith(generic) || file.startsWith(fixtures)) {
                    continue;
                }
                String name = stem(file);
                tests.add(new SingularTestNode(
                        name,
                        "test.%s.%s".formatted(project, name),
                        file,
                        relative(file),
                        readText(file),
                        tree.under(fqn(project, dir, file)).merge(tree.over(fqn(project, dir, file)))));
            }
        }
        tests.sort(Comparator.comparing(SingularTestNode::name));
        return tests;
    }

    private static void checkUniqueTestNames(List<GenericTestNode> generic, List<SingularTestNode> singular) {
        Map<String, String> seen = new HashMap<>();
        for (GenericTestNode test : generic) {
            String where = "%s:%d".formatted(test.file(), test.line());
            String earlier = seen.putIfAbsent(test.name(), where);
            if (earlier != null) {
                throw new ProjectException(
                        "test name '%s' is generated twice (also at %s); give one of them a 'name:'"
                                .formatted(test.name(), earlier),
                        test.file(),
                        test.line(),
                        null);
            }
        }
        for (SingularTestNode test : singular) {
            String earlier = seen.putIfAbsent(test.name(), test.file().toString());
            if (earlier != null) {
                throw new ProjectException(
                        "test name '%s' is used twice (also %s); rename the file".formatted(test.name(), earlier),
                        test.file(),
                        0,
                        null);
            }
        }
    }

    private List<MacroFile> macros(ProjectPaths paths) {
        List<MacroFile> macros = new ArrayList<>();
        for (String dir : paths.macroPaths()) {
            files(dir, ".sql").forEach(file -> macros.add(new MacroFile(file, relative(file), readText(file))));
        }
        for (String dir : paths.testPaths()) {
            files(dir + "/generic", ".sql")
                    .forEach(file -> macros.add(new MacroFile(file, relative(file), readText(file))));
        }
        return macros;
    }

    private static void warnUnused(
            String block, ConfigTree tree, List<List<String>> fqns, ProjectWarnings warnings, Path projectFile) {
        List<String> unused = tree.unusedPaths(fqns);
        if (!unused.isEmpty()) {
            warnings.add(
                    projectFile, 0, "'%s:' has configuration paths that match no node: %s".formatted(block, unused));
        }
    }

    /**
     * dbt's snapshots, as models of materialization {@code snapshot} with the unique id {@code snapshot.<project>.<name>}:
     * each {@code {% snapshot name %}...{% endsnapshot %}} block of the {@code .sql} files under the snapshot paths
     * (its body is the query), and each property-file snapshot with {@code relation:} (dbt 1.9; the query selects
     * everything from that relation). Configuration: the {@code snapshots:} block of {@code dbt_project.yml}, the
     * property file's {@code config:}, then the block's own {@code config()} call.
     */
    private List<ModelNode> snapshots(
            String project,
            ProjectPaths paths,
            TreeConfig tree,
            PropertyFiles properties,
            Map<String, Path> disabled,
            List<List<String>> allFqns) {
        Map<String, ModelNode> byName = new LinkedHashMap<>();
        for (String dir : paths.snapshotPaths()) {
            for (Path file : files(dir, ".sql")) {
                String text = readText(file);
                Matcher block = SNAPSHOT_BLOCK.matcher(text);
                while (block.find()) {
                    String name = block.group(1);
                    Matcher end = SNAPSHOT_END.matcher(text);
                    if (!end.find(block.end())) {
                        throw new ProjectException(
                                "snapshot '%s' has no {%% endsnapshot %%}; close the block".formatted(name),
                                file,
                                lineAt(text, block.start()),
                                null);
                    }
                    int bodyStart = text.indexOf("%}", block.end()) + 2;
                    List<String> fqn = new ArrayList<>(fqn(project, dir, file));
                    fqn.set(fqn.size() - 1, name);
                    addSnapshot(
                            project,
                            byName,
                            file,
                            fqn,
                            text.substring(bodyStart, end.start()),
                            tree,
                            properties,
                            disabled,
                            allFqns);
                }
            }
        }
        for (PropertyFiles.YamlSnapshot snapshot : properties.yamlSnapshots()) {
            addSnapshot(
                    project,
                    byName,
                    snapshot.file(),
                    List.of(project, snapshot.name()),
                    "select * from {{ %s }}".formatted(snapshot.relation()),
                    tree,
                    properties,
                    disabled,
                    allFqns);
        }
        return List.copyOf(byName.values());
    }

    private void addSnapshot(
            String project,
            Map<String, ModelNode> byName,
            Path file,
            List<String> fqn,
            String sql,
            TreeConfig tree,
            PropertyFiles properties,
            Map<String, Path> disabled,
            List<List<String>> allFqns) {
        String name = fqn.get(fqn.size() - 1);
        allFqns.add(fqn);
        Optional<PropertyFiles.Patch> patch = properties.modelPatch(name);
        NodeConfig config = NodeConfig.of(Map.of("materialized", "snapshot")).merge(tree.under(fqn));
        if (patch.isPresent()) {
            config = config.merge(patch.get().config());
        }
        config = config.merge(tree.over(fqn));
        ModelNode existing = byName.get(name);
        if (existing != null) {
            throw new ProjectException(
                    "two snapshots are called '%s' (also %s); snapshot names must be unique, rename one"
                            .formatted(name, existing.file()),
                    file,
                    0,
                    null);
        }
        if (!enabled(config, file)) {
            disabled.put(name, file);
            return;
        }
        byName.put(
                name,
                new ModelNode(
                        name,
                        "snapshot.%s.%s".formatted(project, name),
                        file,
                        relative(file),
                        fqn,
                        sql,
                        config,
                        patch.map(PropertyFiles.Patch::description).orElse(""),
                        patch.map(PropertyFiles.Patch::columns).orElse(List.of()),
                        patch.map(PropertyFiles.Patch::file)));
    }

    private static int lineAt(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Files under {@code dir} (relative to the root) ending in one of {@code suffixes}, sorted by path. */
    private List<Path> files(String dir, String... suffixes) {
        Path base = root.resolve(dir).normalize();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !hidden(base.relativize(path)))
                    .filter(path -> Stream.of(suffixes)
                            .anyMatch(suffix -> path.getFileName().toString().endsWith(suffix)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProjectException("cannot list files: " + e.getMessage(), base, 0, e);
        }
    }

    /** Editors and notebooks leave hidden folders and files (.ipynb_checkpoints, .#model.sql); dbt skips them too. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private List<String> fqn(String project, String dir, Path file) {
        Path relative = root.resolve(dir).normalize().relativize(file);
        List<String> fqn = new ArrayList<>();
        fqn.add(project);
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            fqn.add(relative.getName(i).toString());
        }
        fqn.add(stem(file));
        return fqn;
    }

    /**
     * dbt's fqn of a generic test, which the project's {@code tests:} block is matched against: the project, the
     * folders of its property file under the resource path, and the test's name.
     */
    private List<String> genericTestFqn(String project, ProjectPaths paths, GenericTestNode test) {
        for (String dir : concat(
                paths.modelPaths(), paths.seedPaths(), paths.macroPaths(), paths.testPaths(), paths.snapshotPaths())) {
            if (test.file().startsWith(root.resolve(dir).normalize())) {
                List<String> fqn = new ArrayList<>(fqn(project, dir, test.file()));
                fqn.set(fqn.size() - 1, test.name());
                return fqn;
            }
        }
        return List.of(project, test.name());
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String readText(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException | UncheckedIOException e) {
            throw new ProjectException("cannot read as UTF-8: " + e.getMessage(), file, 0, e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            list.stream().filter(path -> !all.contains(path)).forEach(all::add);
        }
        return all;
    }

    @Override
    public String toString() {
        return "ProjectReader[%s, %s]".formatted(root, options);
    }

    /** The profile {@code dbt_project.yml} names, from the project's {@code profiles.yml}. */
    private static Optional<Profile> profile(ProfileReader profiles, Optional<String> profileName, Path file) {
        if (profileName.isEmpty()) {
            return Optional.empty();
        }
        String name = profileName.get();
        return Optional.of(profiles.profile(name)
                .orElseThrow(() -> new ProjectException(
                        "no profile '%s' (the 'profile' of dbt_project.yml); it has: %s. Rename one or fix 'profile:'"
                                .formatted(name, profiles.profileNames()),
                        file,
                        0,
                        null)));
    }
}
