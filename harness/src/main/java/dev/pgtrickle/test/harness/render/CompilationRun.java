package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.materialize.HookStatement;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.GenericTestNode;
import dev.pgtrickle.test.harness.project.ModelNode;
import dev.pgtrickle.test.harness.project.NodeConfig;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.RunHook;
import dev.pgtrickle.test.harness.project.SeedNode;
import dev.pgtrickle.test.harness.project.SingularTestNode;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.project.UniqueIds;
import dev.pgtrickle.test.harness.project.UnitTestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compilation of a project, in dbt's two phases: parse every model (collecting {@code config()} calls, refs and
 * sources, with {@code execute} false), settle configs and relations and check the graph; then render every model
 * in dependency order with {@code execute} true, inlining ephemeral models.
 */
final class CompilationRun {

    private static final Pattern REF_IN_ARGUMENT =
            Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*['\"]([^'\"]+)['\"]\\s*)?\\)");
    private static final Pattern SOURCE_IN_ARGUMENT =
            Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    /** A model after parsing: its final config and what it refs. */
    private record ParsedModel(ModelNode node, NodeConfig config, Relation relation, Set<String> dependsOn) {}

    private final DbtProject project;
    private final CompileOptions options;
    private final ProjectRenderer renderer;
    private final CteInjector ctes = new CteInjector();
    /** Every enabled model after parsing, by name: what a render at run time starts from. */
    private final Map<String, ParsedModel> parsedByName = new LinkedHashMap<>();
    /**
     * Models rendered again when they are built: those that failed to render without a database (most because they
     * ask it, see {@link DbtAdapter}), and those that inline such an ephemeral model.
     */
    private final Set<String> renderAtRunTime = new LinkedHashSet<>();

    /** The database bound for renders at run time ({@link #bindDatabase}); null while compiling without one. */
    private Connection database;

    CompilationRun(DbtProject project, CompileOptions options) {
        this.project = project;
        this.options = options;
        this.renderer = new ProjectRenderer(project, options, ctes);
        // An ephemeral model that asks the database is rendered again before what inlines it at run time (a dbt test
        // on it, a model built without its other consumers), so the CTE holds the SQL dbt would render then.
        ctes.beforeInline(name -> {
            if (database != null && renderAtRunTime.contains(name)) {
                renderAtRunTime(name, database);
            }
        });
    }

    CompiledProject compile() {
        Map<String, Relation> seedRelations = new LinkedHashMap<>();
        for (SeedNode seed : project.seeds()) {
            Relation relation = relationFor(
                    seed.name(),
                    seed.uniqueId(),
                    ResourceType.SEED,
                    seed.fqn(),
                    seed.config(),
                    seed.file(),
                    seed.originalFilePath());
            seedRelations.put(seed.name(), relation);
            renderer.defineRef(
                    seed.name(), new ProjectRenderer.RefTarget(seed.uniqueId(), true, Optional.of(relation)));
        }
        for (ModelNode model : project.models()) {
            Relation provisional = new Relation(options.target().schema(), model.name());
            renderer.defineRef(
                    model.name(), new ProjectRenderer.RefTarget(model.uniqueId(), false, Optional.of(provisional)));
        }

        for (String overridden : options.modelConfigOverrides().keySet()) {
            if (project.model(overridden).isEmpty()) {
                throw new ProjectException(
                        "configuration override for '%s', which is not a model of project '%s'; its models are: %s"
                                .formatted(
                                        overridden,
                                        project.name(),
                                        String.join(
                                                ", ",
                                                project.models().stream()
                                                        .map(ModelNode::name)
                                                        .toList())));
            }
        }
        List<ParsedModel> parsed = new ArrayList<>();
        for (ModelNode model : project.models()) {
            RenderScope scope = renderer.render(
                            model.rawSql(),
                            model.file(),
                            model.name(),
                            RenderScope.Mode.PARSE,
                            Optional.of(new Relation(options.target().schema(), model.name())),
                            nodeExtras(model.config(), model.packageName()),
                            null)
                    .scope();
            // dbt's order: the project files and property files, the model's config() call, then (for a package's
            // model) the root project's configuration; the harness's overrides last.
            NodeConfig config = model.config()
                    .merge(scope.config)
                    .merge(project.dbtPackage(model.packageName())
                            .flatMap(dbtPackage -> dbtPackage.rootConfigFor(model.uniqueId()))
                            .orElse(NodeConfig.empty()))
                    .merge(options.modelConfigOverrides().getOrDefault(model.name(), Map.of()));
            if (!enabledIn(config, model.file())) {
                renderer.undefineRef(model.name());
                continue;
            }
            Set<String> dependsOn = new LinkedHashSet<>(scope.refs);
            dependsOn.addAll(scope.sources);
            Relation relation = relationFor(
                    model.name(),
                    model.uniqueId(),
                    ResourceType.of(model.uniqueId()),
                    model.fqn(),
                    config,
                    model.file(),
                    model.originalFilePath());
            parsed.add(new ParsedModel(model, config, relation, dependsOn));
        }
        for (ParsedModel model : parsed) {
            boolean ephemeral = Materialization.EPHEMERAL.matches(model.config().materialized());
            renderer.defineRef(
                    model.node().name(),
                    new ProjectRenderer.RefTarget(
                            model.node().uniqueId(),
                            false,
                            ephemeral ? Optional.empty() : Optional.of(model.relation())));
        }

        ProjectGraph graph = graph(parsed);
        parsed.forEach(model -> parsedByName.put(model.node().name(), model));
        Map<String, Relation> relations = new LinkedHashMap<>();
        project.seeds().forEach(seed -> relations.put(seed.uniqueId(), seedRelations.get(seed.name())));
        project.sources().forEach(source -> relations.put(source.uniqueId(), source.relation()));
        parsed.stream()
                .filter(model ->
                        !Materialization.EPHEMERAL.matches(model.config().materialized()))
                .forEach(model -> relations.put(model.node().uniqueId(), model.relation()));
        renderer.defineGraph(
                GraphContext.of(graph, options.target().database(), id -> Optional.ofNullable(relations.get(id))));

        Map<String, ParsedModel> byId = new LinkedHashMap<>();
        parsed.forEach(model -> byId.put(model.node().uniqueId(), model));
        List<CompiledModel> compiled = new ArrayList<>();
        for (GraphNode node : graph.topologicalOrder()) {
            ParsedModel model = byId.get(node.uniqueId());
            if (model != null) {
                compiled.add(compileOrRecordFailure(model));
            }
        }
        List<CompiledSeed> seeds = new ArrayList<>();
        for (SeedNode seed : project.seeds()) {
            Relation relation = seedRelations.get(seed.name());
            seeds.add(new CompiledSeed(
                    seed,
                    relation,
                    hooks(seed.config(), "pre_hook", seed.file(), seed.name(), seed.packageName(), relation),
                    hooks(seed.config(), "post_hook", seed.file(), seed.name(), seed.packageName(), relation)));
        }
        return new CompiledProject(project, options, compiled, seeds, graph, renderer, this);
    }

    /**
     * The model called {@code name} rendered again with {@code execute} true against {@code connection}, as dbt renders
     * a node just before it builds it; empty when its render does not depend on the database (it then stands as
     * compiled).
     */
    Optional<CompiledModel> renderAtRunTime(String name, Connection connection) {
        ParsedModel model = parsedByName.get(name);
        if (model == null || !renderAtRunTime.contains(name)) {
            return Optional.empty();
        }
        renderAtRunTime.remove(name);
        for (ParsedModel upstream : parsedByName.values()) {
            // An ephemeral model it inlines may not be part of the run: render it first, so its CTE is current.
            if (model.dependsOn().contains(upstream.node().uniqueId())
                    && Materialization.EPHEMERAL.matches(upstream.config().materialized())) {
                renderAtRunTime(upstream.node().name(), connection);
            }
        }
        ProjectRenderer.Binding bound = bindDatabase(connection);
        try {
            return Optional.of(compileOrRecordFailure(model));
        } finally {
            bound.close();
        }
    }

    /**
     * Model {@code name}'s SQL as a dbt unit test runs it: rendered with {@code execute} true against {@code
     * connection}, its refs, sources and {@code this} replaced by the CTEs of the test's inputs (not defined here: the
     * caller puts the fixtures in front), and the test's overrides applied.
     *
     * @throws ProjectException when the model reads an input the test does not give, or fails to render
     */
    String renderForUnitTest(String name, UnitTestRendering unitTest, Connection connection) {
        ParsedModel model = parsedByName.get(name);
        if (model == null) {
            throw new ProjectException("no enabled model '%s' in project '%s'".formatted(name, project.name()));
        }
        Map<String, Object> extra = new java.util.HashMap<>();
        extra.putAll(nodeExtras(model.config(), model.node().packageName()));
        extra.put(ProjectRenderer.UNIT_TEST, unitTest);
        // is_incremental() has its own seam (IncrementalFunctions); every other overridden macro is shadowed.
        Map<String, Object> macros = new LinkedHashMap<>(unitTest.macros());
        if (macros.get("is_incremental") instanceof Boolean incremental) {
            extra.put(IncrementalFunctions.OVERRIDE, incremental);
            macros.remove("is_incremental");
        }
        com.hubspot.jinjava.interpret.Context context;
        try {
            context = renderer.unitTestContext(macros, model.node().packageName());
        } catch (IllegalArgumentException e) {
            throw new ProjectException(e.getMessage());
        }
        ProjectRenderer.Binding bound = renderer.bind(connection);
        try {
            return renderer.render(
                            model.node().rawSql(),
                            model.node().file(),
                            model.node().name(),
                            RenderScope.Mode.COMPILE,
                            Optional.of(model.relation()),
                            extra,
                            context)
                    .text();
        } finally {
            bound.close();
        }
    }

    /** Binds {@code connection} for the renders until the answer is closed (see {@link ProjectRenderer#bind}). */
    ProjectRenderer.Binding bindDatabase(Connection connection) {
        Connection previous = database;
        database = connection;
        ProjectRenderer.Binding bound = renderer.bind(connection);
        return () -> {
            bound.close();
            database = previous;
        };
    }

    /** {@code sql} with the ephemeral models {@code names} (and their ephemeral upstream) inlined as CTEs. */
    String inline(String sql, Set<String> names) {
        return ctes.inject(sql, names);
    }

    /**
     * A model that fails to render with {@code execute} true (a {@code run_query} the harness cannot answer yet, an
     * error raised only at run time) fails on its own, as in dbt, and does not stop the project: it is kept with its
     * error, which the build reports as that model's failure. Its parse already succeeded, so the graph is sound.
     */
    private CompiledModel compileOrRecordFailure(ParsedModel model) {
        try {
            return compileModel(model);
        } catch (ProjectException e) {
            renderAtRunTime.add(model.node().name());
            if (Materialization.EPHEMERAL.matches(model.config().materialized())) {
                // Its consumers are skipped when it fails; this keeps their own rendering from failing first.
                ctes.addEphemeral(model.node().name(), "select null /* failed to compile */", Set.of());
            }
            return new CompiledModel(
                    model.node(),
                    model.relation(),
                    model.config(),
                    "",
                    List.of(),
                    List.of(),
                    new NodeDependencies(
                            model.dependsOn().stream()
                                    .filter(id -> id.startsWith("model.") || id.startsWith("snapshot."))
                                    .toList(),
                            model.dependsOn().stream()
                                    .filter(id -> id.startsWith("seed."))
                                    .toList(),
                            model.dependsOn().stream()
                                    .filter(id -> id.startsWith("source."))
                                    .toList()),
                    Optional.of(e.getMessage()));
        }
    }

    private CompiledModel compileModel(ParsedModel model) {
        ModelNode node = model.node();
        ProjectRenderer.Output output = renderer.render(
                node.rawSql(),
                node.file(),
                node.name(),
                RenderScope.Mode.COMPILE,
                Optional.of(model.relation()),
                nodeExtras(model.config(), node.packageName()),
                null);
        RenderScope scope = output.scope();
        for (String id : concat(scope.refs, scope.sources)) {
            if (!model.dependsOn().contains(id)) {
                // Same rule and advice as dbt: the parse phase (execute = false) must see every dependency.
                throw new ProjectException(
                        "model %s refers to %s only when execute is true, so its dependencies could not be inferred; add a line '-- depends_on: {{ ref(...) }}' (outside any {%% if execute %%}) naming it"
                                .formatted(node.name(), id),
                        node.file(),
                        0,
                        null);
            }
        }
        if (scope.ephemeralRefs.stream().anyMatch(renderAtRunTime::contains)) {
            // An ephemeral model it inlines is rendered again at run time; so must this one be, to inline that SQL.
            renderAtRunTime.add(node.name());
        }
        NodeConfig config = model.config();
        List<HookStatement> preHooks =
                hooks(config, "pre_hook", node.file(), node.name(), node.packageName(), model.relation());
        List<HookStatement> postHooks =
                hooks(config, "post_hook", node.file(), node.name(), node.packageName(), model.relation());
        if (renderer.askedIsIncrementalWithoutDatabase(node.name())) {
            // Answered false for want of a database; the build asks again with it, just before building the model.
            renderAtRunTime.add(node.name());
        }
        // A config() call inside an {% if execute %} branch is seen only now; dbt ignores it too, so keep the
        // parse-time config.
        if (Materialization.EPHEMERAL.matches(config.materialized())) {
            ctes.addEphemeral(node.name(), output.text(), scope.ephemeralRefs);
        }
        String sql = ctes.inject(output.text(), scope.ephemeralRefs);
        return new CompiledModel(
                node, model.relation(), config, sql, preHooks, postHooks, renderer.dependencies(scope));
    }

    /** What a node's render is given besides the template: its file-level configuration and its package. */
    private static Map<String, Object> nodeExtras(NodeConfig config, String packageName) {
        return Map.of(ProjectRenderer.NODE_CONFIG, config, ProjectRenderer.NODE_PACKAGE, packageName);
    }

    private static Set<String> concat(Set<String> first, Set<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return all;
    }

    private List<HookStatement> hooks(
            NodeConfig config, String key, Path file, String nodeName, String packageName, Relation self) {
        List<HookStatement> rendered = new ArrayList<>();
        for (Object hook : config.get(key)
                .map(value -> value instanceof List<?> list ? list : List.of(value))
                .orElse(List.of())) {
            HookEntry entry = HookEntry.of(hook)
                    .orElseThrow(() -> new ProjectException(
                            "%s entry %s has no 'sql:'; write the statement as text or as {sql: '...', transaction: true|false}"
                                    .formatted(key, hook),
                            file,
                            0,
                            null));
            List<String> statements = renderHook(
                    entry.sql(),
                    file,
                    nodeName,
                    Optional.of(self),
                    config,
                    Map.of(ProjectRenderer.NODE_PACKAGE, packageName));
            Optional<HookEntry> rendersToEntry =
                    statements.size() == 1 ? HookEntry.fromJson(statements.get(0)) : Optional.empty();
            if (rendersToEntry.isPresent()) {
                // "{{ before_begin('...') }}" written as the hook's text: the macro's mapping, with its own statement.
                HookEntry inner = rendersToEntry.get();
                renderHook(
                                inner.sql(),
                                file,
                                nodeName,
                                Optional.of(self),
                                config,
                                Map.of(ProjectRenderer.NODE_PACKAGE, packageName))
                        .forEach(sql -> rendered.add(new HookStatement(sql, inner.inTransaction())));
            } else {
                statements.forEach(sql -> rendered.add(new HookStatement(sql, entry.inTransaction())));
            }
        }
        return rendered;
    }

    /**
     * Renders one hook's text as node {@code nodeName}: the statements adapter calls asked for ({@code {% do
     * adapter.drop_relation(...) %}}) where the hook stands, then its own text unless blank.
     */
    private List<String> renderHook(
            String sql, Path file, String nodeName, Optional<Relation> self, NodeConfig config, Map<String, ?> extra) {
        Map<String, Object> bindings = new LinkedHashMap<>(extra);
        bindings.put(ProjectRenderer.HOOK, true);
        if (config != null) {
            bindings.put(ProjectRenderer.NODE_CONFIG, config);
        }
        ProjectRenderer.Output output =
                renderer.render(sql, file, nodeName, RenderScope.Mode.COMPILE, self, bindings, null);
        List<String> statements = new ArrayList<>(output.scope().hookStatements);
        if (!output.text().isBlank()) {
            statements.add(output.text());
        }
        return statements;
    }

    /**
     * An {@code on-run-start}/{@code on-run-end} hook rendered when it runs, against {@code connection} (so {@code
     * run_query} and the adapter see the database as the run left it), with dbt's run context and {@code extra}
     * ({@code results}, {@code schemas}, {@code database_schemas} for {@code on-run-end}).
     *
     * @return the statements to run, in order
     * @throws ProjectException naming the file and line when the hook does not render
     */
    List<String> renderRunHook(RunHook hook, Connection connection, Map<String, ?> extra) {
        ProjectRenderer.Binding bound = renderer.bind(connection);
        try {
            return renderHook(hook.sql(), hook.file(), hook.name(), Optional.empty(), null, extra);
        } finally {
            bound.close();
        }
    }

    /** dbt's {@code graph.nodes} entry of a node, for the results an {@code on-run-end} hook reads. */
    Optional<Map<String, Object>> graphNode(String uniqueId) {
        return renderer.graphNode(uniqueId);
    }

    private ProjectGraph graph(List<ParsedModel> models) {
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (SeedNode seed : project.seeds()) {
            nodes.add(new GraphNode(
                    seed.uniqueId(),
                    seed.name(),
                    ResourceType.SEED,
                    seed.originalFilePath(),
                    seed.fqn(),
                    seed.config().tags(),
                    "seed",
                    seed.config().asMap()));
        }
        for (SourceTable source : project.sources()) {
            String relativeFile =
                    project.root().relativize(source.file()).toString().replace('\\', '/');
            nodes.add(new GraphNode(
                    source.uniqueId(),
                    source.displayName(),
                    ResourceType.SOURCE,
                    relativeFile,
                    List.of(UniqueIds.packageOf(source.uniqueId()), source.sourceName(), source.tableName()),
                    source.tags(),
                    ""));
        }
        for (ParsedModel model : models) {
            ModelNode node = model.node();
            nodes.add(new GraphNode(
                    node.uniqueId(),
                    node.name(),
                    ResourceType.of(node.uniqueId()),
                    node.originalFilePath(),
                    node.fqn(),
                    model.config().tags(),
                    model.config().materialized(),
                    model.config().asMap()));
            dependencies.put(node.uniqueId(), model.dependsOn());
        }
        Set<String> known = new LinkedHashSet<>();
        nodes.forEach(node -> known.add(node.uniqueId()));
        for (GenericTestNode test : project.genericTests()) {
            if (!known.contains(test.attachedTo().uniqueId())) {
                continue; // attached to a model disabled by its own config()
            }
            Path relative = project.root().relativize(test.file());
            nodes.add(new GraphNode(
                    test.uniqueId(),
                    test.name(),
                    ResourceType.TEST,
                    relative.toString().replace('\\', '/'),
                    List.of(UniqueIds.packageOf(test.uniqueId()), test.name()),
                    test.config().tags(),
                    "generic",
                    test.config().asMap()));
            Set<String> parents = new LinkedHashSet<>();
            parents.add(test.attachedTo().uniqueId());
            parents.addAll(argumentDependencies(test));
            dependencies.put(test.uniqueId(), parents);
        }
        for (SingularTestNode test : project.singularTests()) {
            RenderScope scope = renderer.render(
                            test.rawSql(),
                            test.file(),
                            test.name(),
                            RenderScope.Mode.PARSE,
                            Optional.empty(),
                            Map.of(ProjectRenderer.NODE_PACKAGE, UniqueIds.packageOf(test.uniqueId())),
                            null)
                    .scope();
            NodeConfig config = test.config().merge(scope.config);
            nodes.add(new GraphNode(
                    test.uniqueId(),
                    test.name(),
                    ResourceType.TEST,
                    test.originalFilePath(),
                    List.of(UniqueIds.packageOf(test.uniqueId()), test.name()),
                    config.tags(),
                    "singular",
                    config.asMap()));
            Set<String> parents = new LinkedHashSet<>(scope.refs);
            parents.addAll(scope.sources);
            dependencies.put(test.uniqueId(), parents);
        }
        for (UnitTestNode test : project.unitTests()) {
            String modelId = test.modelId();
            boolean modelEnabled =
                    models.stream().anyMatch(model -> model.node().uniqueId().equals(modelId));
            if (!modelEnabled && test.problem().isEmpty()) {
                continue; // its model turned itself off with config(enabled=false): dbt disables the unit test too
            }
            nodes.add(new GraphNode(
                    test.uniqueId(),
                    test.name(),
                    ResourceType.UNIT_TEST,
                    project.root().relativize(test.file()).toString().replace('\\', '/'),
                    test.fqn(),
                    test.config().tags(),
                    "unit",
                    test.config().asMap()));
            // dbt's unit test depends on the model it tests: selecting the model brings its unit tests along.
            dependencies.put(test.uniqueId(), modelEnabled ? Set.of(modelId) : Set.of());
        }
        return ProjectGraph.of(nodes, dependencies);
    }

    /** Models, seeds and sources named in a generic test's arguments, e.g. relationships' {@code to: ref('x')}. */
    private Set<String> argumentDependencies(GenericTestNode test) {
        Set<String> parents = new LinkedHashSet<>();
        for (Object value : test.kwargs().values()) {
            String text = String.valueOf(value);
            Matcher ref = REF_IN_ARGUMENT.matcher(text);
            while (ref.find()) {
                String name = ref.group(2) != null ? ref.group(2) : ref.group(1);
                ProjectRenderer.RefTarget target = renderer.refTarget(name)
                        .orElseThrow(() -> new ProjectException(
                                "test '%s' refers to ref('%s'), but no model or seed has that name"
                                        .formatted(test.testName(), name),
                                test.file(),
                                test.line(),
                                null));
                parents.add(target.uniqueId());
            }
            Matcher source = SOURCE_IN_ARGUMENT.matcher(text);
            while (source.find()) {
                String sourceName = source.group(1);
                String tableName = source.group(2);
                SourceTable table = project.source(sourceName, tableName)
                        .orElseThrow(() -> new ProjectException(
                                "test '%s' refers to source('%s', '%s'), which is not declared"
                                        .formatted(test.testName(), sourceName, tableName),
                                test.file(),
                                test.line(),
                                null));
                parents.add(table.uniqueId());
            }
        }
        return parents;
    }

    private static boolean enabledIn(NodeConfig config, Path file) {
        try {
            return config.enabled();
        } catch (IllegalArgumentException e) {
            throw new ProjectException(e.getMessage(), file, 0, e);
        }
    }

    /**
     * The relation a model or seed builds: dbt's default {@code generate_schema_name} (custom schema appended to the
     * target schema) and {@code generate_alias_name} unless the project overrides them; for stream tables,
     * {@code stream_table_schema}/{@code stream_table_name} win as the dbt-pgtrickle materialization uses them.
     */
    private Relation relationFor(
            String name,
            String uniqueId,
            ResourceType type,
            List<String> fqn,
            NodeConfig config,
            Path file,
            String originalFilePath) {
        Optional<String> customSchema =
                config.string("schema").map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> alias = config.string("alias").map(String::trim).filter(s -> !s.isEmpty());
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("unique_id", uniqueId);
        node.put("package_name", UniqueIds.packageOf(uniqueId));
        node.put("resource_type", type.dbtName());
        node.put("fqn", fqn);
        node.put("original_file_path", originalFilePath);
        node.put("config", config.asMap());
        String schema = renderer.callOverride("generate_schema_name", customSchema.orElse(null), node, file)
                .orElseGet(() -> customSchema
                        .map(custom -> options.target().schema() + "_" + custom)
                        .orElse(options.target().schema()));
        String identifier = renderer.callOverride("generate_alias_name", alias.orElse(null), node, file)
                .orElseGet(() -> alias.orElse(name));
        Optional<String> targetSchema =
                config.string("target_schema").map(String::trim).filter(s -> !s.isEmpty());
        if (type == ResourceType.SNAPSHOT && targetSchema.isPresent()) {
            // A snapshot's legacy target_schema is used as written, without generate_schema_name, as in dbt.
            schema = targetSchema.get();
        }
        if (Materialization.STREAM_TABLE.matches(config.materialized())) {
            schema = config.string("stream_table_schema").orElse(schema);
            identifier = config.string("stream_table_name").orElse(identifier);
        }
        if (schema.isEmpty() || identifier.isEmpty()) {
            throw new ProjectException(
                    "%s '%s' resolves to an empty schema or name".formatted(type.dbtName(), name), file, 0, null);
        }
        return new Relation(schema, identifier);
    }
}
