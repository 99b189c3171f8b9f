package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.graph.NodeSelector;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.materialize.ModelToBuild;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.GenericTestNode;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.RunHook;
import dev.pgtrickle.test.harness.project.SingularTestNode;
import dev.pgtrickle.test.harness.project.UnitTestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A project compiled for one target: every model's relation and SQL, seed relations, the graph, and a renderer for
 * further templates (tests) with the same context.
 */
public final class CompiledProject {

    /**
     * Key of {@link #render}'s extra context fixing {@code is_incremental()} for that render (a {@link Boolean}), as a
     * dbt unit test's {@code overrides: macros: is_incremental} does; without it the build's rule decides.
     */
    public static final String IS_INCREMENTAL_OVERRIDE = IncrementalFunctions.OVERRIDE;

    private final DbtProject project;
    private final CompileOptions options;
    private final Map<String, CompiledModel> models;
    private final Map<String, CompiledSeed> seeds;
    private final ProjectGraph graph;
    private final TemplateRenderer renderer;
    private final CompilationRun run;

    CompiledProject(
            DbtProject project,
            CompileOptions options,
            List<CompiledModel> modelsInOrder,
            List<CompiledSeed> seeds,
            ProjectGraph graph,
            TemplateRenderer renderer,
            CompilationRun run) {
        this.project = project;
        this.options = options;
        this.models = new LinkedHashMap<>();
        modelsInOrder.forEach(model -> this.models.put(model.name(), model));
        this.seeds = new LinkedHashMap<>();
        seeds.forEach(seed -> this.seeds.put(seed.name(), seed));
        this.graph = graph;
        this.renderer = renderer;
        this.run = run;
    }

    /**
     * Renders model {@code name} again with {@code execute} true against the database the build runs in, just before
     * it is built, as dbt does: {@code run_query}, {@code statement}, {@code adapter.get_columns_in_relation}, ...
     * answer from {@code connection}. Models whose SQL does not depend on the database keep their compiled SQL.
     * The project keeps the new SQL, so what is written afterwards ({@code target/compiled}, the manifest) is what
     * ran.
     *
     * @return the model as it is to be built: rendered again, or as compiled
     */
    public CompiledModel renderForBuild(String name, Connection connection) {
        CompiledModel current = model(name);
        Optional<CompiledModel> rendered = run.renderAtRunTime(name, connection);
        rendered.ifPresent(model -> models.put(name, model));
        return rendered.orElse(current);
    }

    /**
     * Model {@code name}'s SQL as a dbt unit test runs it: refs, sources and {@code this} replaced by the CTEs of the
     * test's inputs ({@link UnitTestRendering#refCte}, {@link UnitTestRendering#sourceCte}; the caller defines them),
     * the test's overrides applied, rendered against {@code connection} as dbt renders it just before it runs.
     *
     * @throws ProjectException when the model reads an input the test does not give, or fails to render
     */
    public String renderForUnitTest(String name, UnitTestRendering unitTest, Connection connection) {
        return run.renderForUnitTest(name, unitTest, connection);
    }

    /**
     * Runs {@code work} with {@code connection} bound, so the templates it renders ({@link #render}, e.g. a dbt test)
     * can ask the database as dbt's do when it executes them.
     */
    public <T> T withDatabase(Connection connection, Supplier<T> work) {
        ProjectRenderer.Binding bound = run.bindDatabase(connection);
        try {
            return work.get();
        } finally {
            bound.close();
        }
    }

    /**
     * An {@code on-run-start}/{@code on-run-end} hook rendered as it is about to run, with the database bound (see
     * {@link #withDatabase}) and dbt's run context plus {@code extra} ({@code results}, {@code schemas}, {@code
     * database_schemas} for {@code on-run-end}).
     *
     * @return its statements, in order (none when it renders blank)
     * @throws ProjectException naming the hook's file and line when it does not render
     */
    public List<String> renderRunHook(RunHook hook, Connection connection, Map<String, ?> extra) {
        return run.renderRunHook(hook, connection, extra);
    }

    /** What dbt's {@code graph.nodes[uniqueId]} holds for a model, seed or test of this project. */
    public Optional<Map<String, Object>> graphNode(String uniqueId) {
        return run.graphNode(uniqueId);
    }

    /** The project as loaded. */
    public DbtProject project() {
        return project;
    }

    /** The options it was compiled with. */
    public CompileOptions options() {
        return options;
    }

    /** Every enabled model, in topological order (upstream first). */
    public List<CompiledModel> models() {
        return List.copyOf(models.values());
    }

    /** The model called {@code name}. */
    public Optional<CompiledModel> findModel(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The model called {@code name}; throws naming the project's models when there is none. */
    public CompiledModel model(String name) {
        return findModel(name)
                .orElseThrow(() -> new ProjectException("no model '%s' in project '%s'; its models are: %s"
                        .formatted(name, project.name(), String.join(", ", models.keySet()))));
    }

    /** Every enabled seed, by name. */
    public List<CompiledSeed> seeds() {
        return List.copyOf(seeds.values());
    }

    /** The seed called {@code name}. */
    public Optional<CompiledSeed> findSeed(String name) {
        return Optional.ofNullable(seeds.get(name));
    }

    /** What {@code ref(name)} resolves to: a model's or seed's relation (ephemeral models have none). */
    public Optional<Relation> relation(String name) {
        CompiledModel model = models.get(name);
        if (model != null) {
            return model.isEphemeral() ? Optional.empty() : Optional.of(model.relation());
        }
        return findSeed(name).map(CompiledSeed::relation);
    }

    /** Whether {@code name} is an enabled ephemeral model: {@code ref(name)} then stands for its CTE. */
    public boolean isEphemeral(String name) {
        CompiledModel model = models.get(name);
        return model != null && model.isEphemeral();
    }

    /**
     * What {@code ref(name)} gives a template for the ephemeral model {@code name}: its CTE, {@code __dbt__cte__<name>},
     * which {@link #inlineEphemeral} or {@link #render(String, Path, Map, Set, String)} then defines.
     */
    public Object ephemeralValue(String name) {
        return RelationValue.cte(options.target().database(), name);
    }

    /**
     * {@code sql} with the ephemeral models {@code names} inlined as dbt inlines them into any node that refs one:
     * {@code with __dbt__cte__<name> as (...)}, upstream ephemeral models first.
     */
    public String inlineEphemeral(String sql, Set<String> names) {
        return run.inline(sql, names);
    }

    /**
     * The project's generic tests whose model, seed or source is part of this compilation (a test on a model that
     * turned itself off with {@code config(enabled=false)} is left out, as dbt leaves it out).
     */
    public List<GenericTestNode> genericTests() {
        return project.genericTests().stream()
                .filter(test -> graph.node(test.uniqueId()).isPresent())
                .toList();
    }

    /**
     * The project's unit tests whose model is part of this compilation (one of a model that turned itself off with
     * {@code config(enabled=false)} is left out, as dbt disables it), and those whose entry is broken (they fail with
     * their problem when run).
     */
    public List<UnitTestNode> unitTests() {
        return project.unitTests().stream()
                .filter(test -> graph.node(test.uniqueId()).isPresent())
                .toList();
    }

    /** The dependency graph of models, seeds, sources and tests. */
    public ProjectGraph graph() {
        return graph;
    }

    /** dbt selection ({@code --select}/{@code --exclude}) over every node; see {@link NodeSelector}. */
    public List<GraphNode> select(String select, String exclude) {
        return NodeSelector.select(graph, select, exclude);
    }

    /**
     * The {@code models} of this project, ready to build, in the order given, with the names of the models each refs:
     * what the materializations need from the compiled project and nothing more.
     */
    public List<ModelToBuild> toBuild(List<CompiledModel> models) {
        Map<String, String> namesById = new LinkedHashMap<>();
        models().forEach(model -> namesById.put(model.uniqueId(), model.name()));
        List<ModelToBuild> result = new ArrayList<>();
        for (CompiledModel model : models) {
            Map<String, Object> config = model.config().asMap();
            Set<String> upstream = model.dependsOn().models().stream()
                    .map(id -> namesById.getOrDefault(id, id))
                    .collect(Collectors.toSet());
            result.add(new ModelToBuild(
                    model.name(),
                    model.file(),
                    model.relation(),
                    model.materialization(),
                    model.compiledSql(),
                    config,
                    model.preHooks(),
                    model.postHooks(),
                    upstream,
                    model.compileError()));
        }
        return result;
    }

    /** The models a dbt selection picks, in topological order. */
    public List<CompiledModel> selectModels(String select, String exclude) {
        return select(select, exclude).stream()
                .map(node -> models.values().stream()
                        .filter(model -> model.uniqueId().equals(node.uniqueId()))
                        .findFirst())
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    /**
     * Renders any template with the project's context: its macros (including {@code {% test %}} blocks, callable
     * as {@code test_<name>(...)}), {@code ref}, {@code source}, {@code var}, {@code target}, ...
     *
     * @param template the Jinja text
     * @param file the file it came from, for error messages (may be a virtual path)
     * @param extraContext further variables (e.g. {@code model}, {@code column_name} for a generic test); under
     *     {@link #IS_INCREMENTAL_OVERRIDE}, the answer {@code is_incremental()} gives in this render
     * @throws ProjectException naming {@code file} and the line for any template error
     */
    public RenderedSql render(String template, Path file, Map<String, ?> extraContext) {
        return renderer.render(template, file, extraContext);
    }

    /**
     * Renders a template as {@link #render(String, Path, Map)} does, for a node of {@code packageName} (the project's
     * name, or an installed package's: its vars and macros then come first), with the ephemeral models {@code inlined}
     * (which values in {@code extraContext} stand for, such as a dbt test's {@code model}) inlined as CTEs with those
     * the template refs itself.
     */
    public RenderedSql render(
            String template, Path file, Map<String, ?> extraContext, Set<String> inlined, String packageName) {
        Map<String, Object> extra = new LinkedHashMap<>(extraContext);
        extra.put(ProjectRenderer.NODE_PACKAGE, packageName);
        if (!inlined.isEmpty()) {
            extra.put(ProjectRenderer.INLINES, List.copyOf(inlined));
        }
        return render(template, file, extra);
    }

    /** Renders a singular test as dbt compiles it. */
    public RenderedSql render(SingularTestNode test) {
        return renderer.render(test.rawSql(), test.file(), Map.of());
    }

    /**
     * Writes every model's compiled SQL as dbt lays out {@code target/compiled}:
     * {@code <directory>/<project name>/<model file path>}, for reading what ran.
     *
     * @return the files written
     * @throws UncheckedIOException when a file cannot be written
     */
    public List<Path> writeCompiledSql(Path directory) {
        List<Path> written = new java.util.ArrayList<>();
        for (CompiledModel model : models.values()) {
            Path file = directory
                    .resolve(model.node().packageName())
                    .resolve(model.node().originalFilePath());
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, model.compiledSql(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot write compiled SQL of %s to %s".formatted(model.name(), file), e);
            }
            written.add(file);
        }
        return written;
    }

    /** Whether a macro of this name is defined (project macros, {@code test_<name>} blocks, built-ins). */
    public boolean hasMacro(String name) {
        return renderer.hasMacro(name);
    }
}
