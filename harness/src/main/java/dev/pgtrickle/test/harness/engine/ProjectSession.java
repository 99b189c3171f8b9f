package dev.pgtrickle.test.harness.engine;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.MaterializationConfigException;
import dev.pgtrickle.test.harness.materialize.ModelRunner;
import dev.pgtrickle.test.harness.materialize.ModelToBuild;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunFailedException;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.materialize.RunTimeRendering;
import dev.pgtrickle.test.harness.operations.ManagedStreamTable;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import dev.pgtrickle.test.harness.seed.SeedLoader;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.seed.SeedSpec;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dbt project open against its own database: the facade the JUnit extension and the command line use.
 *
 * <p>{@link #open(SessionOptions)} loads and compiles the project first ({@link ProjectCompilation}, the same
 * database-free step {@code ls} and the TestEngine's discovery use), so a broken project fails before any server or
 * database exists; then it acquires the shared server, creates a fresh {@link ProjectDatabase} (pg_trickle or its
 * emulation installed) and runs the setup scripts. Every {@link #run()} and {@link #seed()} reads the project from
 * disk again, as {@code dbt run} does, so a test may edit model files between runs. {@link #close()} drops the
 * database and everything in it.
 *
 * <pre>{@code
 * try (ProjectSession session = ProjectSession.open(SessionOptions.builder(projectDir).build())) {
 *     session.seed();
 *     RunResults run = session.run();
 *     session.awaitPopulated();
 * }
 * }</pre>
 *
 * <p>Its verbs are {@link ProjectHandle}'s, shared with the extension's injected handle; {@link #build()} is the
 * {@link ProjectBuild} sequence every entrance runs.
 *
 * <p>Not thread-safe: one session belongs to one test class or command-line run.
 */
@API(status = STABLE, since = "0.1")
public final class ProjectSession implements ProjectHandle, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectSession.class);

    private final SessionOptions options;
    private final ProjectDatabase database;
    private final DbtProject opened;
    private final Map<String, String> sqlOverrides = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> configOverrides = new LinkedHashMap<>();
    /** Per model, the config keys of cleared overrides, until a run has built the model without them. */
    private final Map<String, Set<String>> clearedConfigKeys = new LinkedHashMap<>();

    private CompiledProject compiled;
    /** The dbt command the session stands for, {@code flags.WHICH} in its templates ({@link #invokedAs}). */
    private String which = "run";

    private RunResults lastRun;

    private ProjectSession(SessionOptions options, ProjectDatabase database, DbtProject opened) {
        this.options = options;
        this.database = database;
        this.opened = opened;
    }

    /**
     * Load and check the project, then create its database and run the setup scripts.
     *
     * @throws ProjectException for a broken project, a missing target or setup script (nothing created yet)
     * @throws MaterializationConfigException for an unknown materialization or an unusable stream table setting
     *     (nothing created yet)
     */
    public static ProjectSession open(SessionOptions options) {
        CompiledProject checked = ProjectCompilation.of(options).compiled();
        ModelRunner.checkConfig(checked.toBuild(checked.models()));
        List<Path> scripts = setupScripts(options);

        DbtProject project = checked.project();
        PostgresServer server = SharedServers.acquire(options.server());
        ProjectDatabase database = ProjectDatabase.create(server, project.name(), options.schedulerTick());
        try {
            runSetupScripts(database, scripts);
            LOG.info("pgtrickle-test: project '{}' opened in {}", project.name(), database);
            return new ProjectSession(options, database, project);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Load every seed ({@code dbt seed}), with the session's full-refresh setting; the project's {@code on-run-start}
     * hooks run first and its {@code on-run-end} hooks last (none when the project has no seed), as with {@code dbt
     * seed}.
     *
     * @throws IllegalStateException naming each {@code on-run-start}/{@code on-run-end} hook that failed (after the
     *     seeds and the other hooks ran, as dbt goes on after a failed hook)
     */
    @Override
    public List<SeedResult> seed() {
        return seed(options.fullRefresh());
    }

    /**
     * Load every seed: create the table (or truncate and reload it; with {@code fullRefresh}, drop and create it), run
     * its pre- and post-hooks ({@code {{ this }}} rendered as the seed's table). A seed's {@code full_refresh} config
     * overrides {@code fullRefresh} for that seed, as in dbt. Between the project's {@code on-run-start} and {@code
     * on-run-end} hooks, as {@link #seed()}.
     *
     * @throws IllegalStateException naming each hook that failed
     */
    public List<SeedResult> seed(boolean fullRefresh) {
        ProjectBuild build = new ProjectBuild(this, BuildListener.NONE);
        List<SeedResult> seeds = build.seedCommand(fullRefresh);
        build.requireHooksPassed(ranBy("seed"));
        return seeds;
    }

    /** Load every seed, without the project's {@code on-run-*} hooks: the seeds of a {@link ProjectBuild}. */
    List<SeedResult> loadSeeds(boolean fullRefresh) {
        CompiledProject project = recompile(fullRefresh);
        // The same value as the templates' flags.FULL_REFRESH (see ProjectCompilation.compile).
        boolean fullRefreshFlag = fullRefresh || options.fullRefresh();
        List<SeedResult> results = new ArrayList<>();
        try (Connection connection = database.connect()) {
            for (CompiledSeed seed : project.seeds()) {
                ensureSchema(connection, seed.relation().schema());
                SeedSpec spec = SeedSpec.from(seed);
                boolean rebuild = SeedSpec.fullRefresh(seed, fullRefreshFlag);
                results.add(Hooks.around(
                        connection,
                        seed.preHooks(),
                        seed.postHooks(),
                        "seed '%s'".formatted(seed.name()),
                        c -> SeedLoader.load(c, spec, rebuild)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to %s: %s".formatted(database, e.getMessage()), e);
        }
        return results;
    }

    /**
     * Materialize the session's selection ({@code dbt run}). The project's {@code on-run-start} hooks run first and its
     * {@code on-run-end} hooks last (none when nothing is selected), as with {@code dbt run}; the results list them
     * ({@link RunResults#hooks()}). Every run verb does the same.
     *
     * @throws RunFailedException when a model failed; {@link #runAllowingFailures()} returns such results instead
     * @throws IllegalStateException naming each {@code on-run-start}/{@code on-run-end} hook that failed (after the
     *     models and the other hooks ran, as dbt goes on after a failed hook)
     */
    @Override
    public RunResults run() {
        return RunFailedException.requireNoFailures("run()", runAllowingFailures());
    }

    /**
     * Materialize the models {@code select} picks (dbt selector syntax), minus the session's exclusion.
     *
     * @throws RunFailedException when a model failed
     */
    @Override
    public RunResults run(String select) {
        return RunFailedException.requireNoFailures("run(\"%s\")".formatted(select), runAllowingFailures(select));
    }

    /**
     * Materialize the session's selection as a full refresh ({@code dbt run --full-refresh}).
     *
     * @throws RunFailedException when a model failed
     */
    @Override
    public RunResults fullRefresh() {
        return RunFailedException.requireNoFailures("fullRefresh()", fullRefreshAllowingFailures());
    }

    /** {@link #run()} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults runAllowingFailures() {
        return runAllowingFailures(options.select(), options.exclude(), options.fullRefresh());
    }

    /** {@link #run(String)} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults runAllowingFailures(String select) {
        return runAllowingFailures(select, options.exclude(), options.fullRefresh());
    }

    /** {@link #fullRefresh()} returning the results of a failing run instead of throwing. */
    @Override
    public RunResults fullRefreshAllowingFailures() {
        return runAllowingFailures(options.select(), options.exclude(), true);
    }

    /**
     * Materialize the session's selection as a full refresh.
     *
     * @deprecated {@code rebuild()} meant a full refresh here but seed, run and await on the extension's handle; use
     *     {@link #fullRefresh()} for this, {@link #build()} for the other
     */
    @Deprecated(since = "0.1.0")
    public RunResults rebuild() {
        return fullRefresh();
    }

    /**
     * Seed, run and await the stream tables the run built, as before the first test (see {@link ProjectBuild}).
     *
     * @throws RunFailedException when a model failed (after the others were built and awaited)
     */
    @Override
    public RunResults build() {
        return RunFailedException.requireNoFailures("build()", buildAllowingFailures());
    }

    /**
     * {@link #build()} returning the results of a failing run instead of throwing. The project's {@code on-run-start}
     * hooks run first and its {@code on-run-end} hooks last, as with {@code dbt build}.
     *
     * @throws IllegalStateException naming each {@code on-run-start}/{@code on-run-end} hook that failed (after the
     *     whole build ran, as dbt goes on after a failed hook), with its file and the database's message
     */
    @Override
    public RunResults buildAllowingFailures() {
        ProjectBuild build = new ProjectBuild(this, BuildListener.NONE);
        RunResults results = build.betweenHooks(() -> false, command -> command.build(
                        EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.CONTINUE)
                .orElseThrow());
        lastRun = results.withHooks(build.hookResults());
        build.requireHooksPassed(ranBy("build"));
        return lastRun;
    }

    /**
     * Whether the project (as compiled last, or as opened) has {@code on-run-start}/{@code on-run-end} hooks: without
     * any, a verb need not compile the project to decide whether to run them.
     */
    boolean hasRunHooks() {
        return !(compiled != null ? compiled.project() : opened).runHooks().isEmpty();
    }

    /** {@code command} on this project, for messages: {@code the run of project 'p'}. */
    private String ranBy(String command) {
        return "the %s of project '%s'".formatted(command, compiled().project().name());
    }

    /**
     * Materialize {@code select} minus {@code exclude}; {@code fullRefresh} rebuilds every stream table, incremental
     * model and materialized view whose own {@code full_refresh} config does not say otherwise.
     *
     * @throws RunFailedException when a model failed
     */
    public RunResults run(String select, String exclude, boolean fullRefresh) {
        return RunFailedException.requireNoFailures("run", runAllowingFailures(select, exclude, fullRefresh));
    }

    /**
     * Materialize {@code select} minus {@code exclude}, returning the results of a failing run instead of throwing:
     * the run every other run verb makes, between the project's {@code on-run-start} and {@code on-run-end} hooks.
     *
     * @throws IllegalStateException naming each hook that failed (the results are still {@link #lastRunResults()})
     */
    public RunResults runAllowingFailures(String select, String exclude, boolean fullRefresh) {
        ProjectBuild build = new ProjectBuild(this, BuildListener.NONE);
        lastRun = build.runCommand(select, exclude, fullRefresh);
        build.requireHooksPassed(ranBy("run"));
        return lastRun;
    }

    /** Materialize {@code select} minus {@code exclude} without the project's {@code on-run-*} hooks. */
    RunResults materialize(String select, String exclude, boolean fullRefresh) {
        CompiledProject project = recompile(fullRefresh);
        List<CompiledModel> selected = project.selectModels(select, exclude);
        List<ModelToBuild> models = restoreClearedSettings(project.toBuild(selected));
        ModelRunner runner = new ModelRunner(
                        database::connect, database.pgTrickle(), database.createdByHarness(), options.onQueryChange())
                .recreatingForClearedOptions(models, clearedConfigKeys);
        RunTimeRendering rendering = (connection, model) -> restoreClearedSettings(
                        project.toBuild(List.of(project.renderForBuild(model.name(), connection))))
                .get(0);
        // The same value as the templates' flags.FULL_REFRESH (see ProjectCompilation.compile).
        boolean fullRefreshFlag = fullRefresh || options.fullRefresh();
        lastRun = MissingSourceHint.apply(
                runner.run(models, fullRefreshFlag, rendering),
                project.project().sources(),
                options.projectDir());
        lastRun.results().stream()
                .filter(result -> !result.failed() && result.action() != RunAction.SKIPPED)
                .forEach(result -> clearedConfigKeys.remove(result.model()));
        return lastRun;
    }

    /**
     * The models with each setting that only a cleared override set put back to the server's default: pg_trickle keeps
     * a status it was given until it is told otherwise, so without this a cleared {@code status: SUSPENDED} stayed.
     */
    private List<ModelToBuild> restoreClearedSettings(List<ModelToBuild> models) {
        return models.stream()
                .map(model -> {
                    Set<String> cleared = clearedConfigKeys.getOrDefault(model.name(), Set.of());
                    return cleared.contains("status") && !model.config().containsKey("status")
                            ? model.withConfig("status", StreamTableStatus.ACTIVE.sqlName())
                            : model;
                })
                .toList();
    }

    /**
     * Replace a model's SQL (its Jinja source, {@code config()} and {@code ref()} allowed) for the following runs, as
     * if the file had been edited: for regression tests of the query-change path.
     *
     * @throws ProjectException naming the project's models when there is no model {@code model}
     */
    @Override
    public ProjectSession overrideModelSql(String model, String sql) {
        requireModel(model);
        sqlOverrides.put(model, sql);
        return this;
    }

    /**
     * Override config keys of a model for the following runs. The values win over every layer, including the model's
     * own {@code config()} call; {@code null} means "set to none" (e.g. {@code schedule} = CALCULATED).
     */
    @Override
    public ProjectSession overrideModelConfig(String model, Map<String, ?> config) {
        requireModel(model);
        configOverrides.computeIfAbsent(model, name -> new LinkedHashMap<>()).putAll(config);
        return this;
    }

    /** Override one config key of a model for the following runs; {@code null} means "set to none". */
    @Override
    public ProjectSession overrideModelConfig(String model, String key, Object value) {
        Map<String, Object> config = new HashMap<>();
        config.put(key, value); // Map.of refuses the null that means "none"
        return overrideModelConfig(model, config);
    }

    /**
     * Forget every SQL and config override. The next run that builds an overridden model gives every overridden key
     * back its project value or default: {@code schedule}, {@code refresh_mode}, {@code status} (back to ACTIVE) and
     * the options the project sets by an alter; an option only the override set ({@code cdc_mode},
     * {@code append_only}, {@code fuse}, ...) by creating the stream table again
     * ({@link dev.pgtrickle.test.harness.materialize.RecreateReason#OVERRIDE_CLEARED}), since {@code
     * alter_stream_table} cannot set an option back to its default.
     */
    @Override
    public ProjectSession clearOverrides() {
        configOverrides.forEach((model, config) -> clearedConfigKeys
                .computeIfAbsent(model, name -> new LinkedHashSet<>())
                .addAll(config.keySet()));
        sqlOverrides.clear();
        configOverrides.clear();
        return this;
    }

    /** The run-operations for this project's stream tables. */
    @Override
    public StreamTableOperations operations() {
        CompiledProject project = compiled();
        List<ManagedStreamTable> managed = managedStreamTables();
        return new StreamTableOperations(
                database::connect,
                managed,
                project.options().target().schema(),
                database.createdByHarness(),
                selector -> project.selectModels(selector, "").stream()
                        .map(CompiledModel::name)
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /**
     * A handle on a stream table: a model name (its stream table, after {@code stream_table_schema} /
     * {@code stream_table_name}), or a stream table name ({@code schema.name}, or a name looked up in the catalog).
     */
    @Override
    public StreamTable streamTable(String name) {
        return streamTable(name, managedStreamTables());
    }

    private StreamTable streamTable(String name, List<ManagedStreamTable> managed) {
        return StreamTable.of(
                database,
                managed.stream()
                        .filter(table -> table.model().equals(name))
                        .map(table -> table.name().qualifiedName())
                        .findFirst()
                        .orElse(name));
    }

    /**
     * Wait until the stream tables of the latest run (those built without error; before any run, the stream table
     * models of the session's selection) are populated, within {@link SessionOptions#awaitTimeout()}. Fails fast, with
     * status, last error and recent refresh history, when one turns ERROR or SUSPENDED.
     */
    @Override
    public List<StreamTableState> awaitPopulated() {
        List<String> names;
        if (lastRun != null) {
            names = lastRun.results().stream()
                    .filter(result -> Materialization.STREAM_TABLE.matches(result.materialization()))
                    .filter(result -> result.action() != RunAction.ERROR && result.action() != RunAction.SKIPPED)
                    .map(result -> result.relation().qualifiedName())
                    .toList();
        } else {
            Set<String> selected = compiled().selectModels(options.select(), options.exclude()).stream()
                    .map(CompiledModel::name)
                    .collect(Collectors.toSet());
            names = managedStreamTables().stream()
                    .filter(table -> selected.contains(table.model()))
                    .map(table -> table.name().qualifiedName())
                    .toList();
        }
        return awaitPopulated(names);
    }

    /** Wait until the named stream tables (model or stream table names, see {@link #streamTable}) are populated. */
    @Override
    public List<StreamTableState> awaitPopulated(String... names) {
        return awaitPopulated(List.of(names));
    }

    private List<StreamTableState> awaitPopulated(List<String> names) {
        List<ManagedStreamTable> managed = managedStreamTables();
        List<StreamTable> tables =
                names.stream().map(name -> streamTable(name, managed)).toList();
        if (tables.isEmpty()) {
            return List.of();
        }
        return StreamTableWaiter.withTimeout(options.awaitTimeout()).awaitPopulated(tables);
    }

    private List<ManagedStreamTable> managedStreamTables() {
        CompiledProject project = compiled();
        return project.toBuild(project.models()).stream()
                .filter(model -> Materialization.STREAM_TABLE.matches(model.materialization()))
                .map(model -> new ManagedStreamTable(model.name(), model.streamTableName()))
                .toList();
    }

    /** The project database. */
    public ProjectDatabase database() {
        return database;
    }

    /**
     * Says which dbt command this session stands for ({@code build}, {@code run}, {@code seed}, {@code test}, ...), as
     * templates read it in {@code flags.WHICH} from the next compile on (every seed, run and test compiles again);
     * {@code run} unless told.
     *
     * @return this session
     */
    public ProjectSession invokedAs(String command) {
        this.which = java.util.Objects.requireNonNull(command, "command");
        this.compiled = null;
        return this;
    }

    /** The project as compiled for the latest run or seed (or at open). */
    @Override
    public CompiledProject compiledProject() {
        return compiled();
    }

    /**
     * A new connection to the project database, with the profile target's schema first in its {@code search_path}
     * (then {@code public}), so unqualified names find the relations the project built; the caller closes it.
     */
    @Override
    public Connection connect() throws SQLException {
        return database.connect(searchPath());
    }

    /** The target's schema, then {@code public}: what {@link #connect()} puts in the search path. */
    public List<String> searchPath() {
        return java.util.stream.Stream.of(compiled().options().target().schema(), "public")
                .distinct()
                .toList();
    }

    /** The options the session was opened with. */
    public SessionOptions options() {
        return options;
    }

    /** The results of the latest run, if there was one. */
    @Override
    public Optional<RunResults> lastRunResults() {
        return Optional.ofNullable(lastRun);
    }

    /**
     * Run the project's dbt tests that go with the session's selection ({@code dbt test}): generic tests from property
     * files, custom generic tests, singular tests and the change scenarios declared in YAML, against the session's
     * database. See the dbttest package. The project's {@code on-run-start} hooks run first and its {@code on-run-end}
     * hooks last (none when no test is selected), as with {@code dbt test}; the results list them
     * ({@link DbtTestResults#hooks()}).
     *
     * @throws IllegalStateException naming each {@code on-run-start}/{@code on-run-end} hook that failed (after the
     *     tests and the other hooks ran)
     */
    @Override
    public DbtTestResults test() {
        ProjectBuild build = new ProjectBuild(this, BuildListener.NONE);
        DbtTestResults results = build.testCommand(dbtTests(DbtTestSuite.DEFAULT_FAILING_ROWS));
        build.requireHooksPassed(ranBy("test"));
        return results;
    }

    /**
     * The project's dbt tests that go with the session's selection (all tests when nothing is selected), compiled with
     * the project's renderer and bound to the session's database, to run one by one or all at once.
     *
     * @param failingRows how many failing rows each result keeps
     */
    public DbtTestSuite dbtTests(int failingRows) {
        ScenarioRunner scenarios = ScenarioRunner.find();
        return new DbtTestSuite(
                compiled(),
                options.select(),
                options.exclude(),
                database::connect,
                failingRows,
                scenario -> scenarios.run(this, scenario));
    }

    /** Drop the project database (and everything the project created in it). */
    @Override
    public void close() {
        database.close();
    }

    /**
     * The project as compiled last, or at open for the database's name. That compile waits until something asks for
     * it: {@link #open} has compiled once already (before the database existed, to check the project), and a session
     * that seeds or runs first compiles again from disk anyway.
     */
    private CompiledProject compiled() {
        if (compiled == null) {
            compiled =
                    ProjectCompilation.compile(opened, options, Optional.of(database.name()), false, Map.of(), which);
        }
        return compiled;
    }

    private CompiledProject recompile(boolean fullRefresh) {
        DbtProject project = withOverrides(ProjectCompilation.load(options));
        compiled = ProjectCompilation.compile(
                project, options, Optional.of(database.name()), fullRefresh, configOverrides, which);
        return compiled;
    }

    /** The project with the overridden model SQL; config overrides go through {@link CompileOptions} so they win. */
    private DbtProject withOverrides(DbtProject project) {
        if (sqlOverrides.isEmpty()) {
            return project;
        }
        return project.withModels(project.models().stream()
                .map(node ->
                        sqlOverrides.containsKey(node.name()) ? node.withRawSql(sqlOverrides.get(node.name())) : node)
                .toList());
    }

    private void requireModel(String model) {
        CompiledProject project = compiled();
        if (project.findModel(model).isEmpty()) {
            throw new ProjectException("no model '%s' to override in project '%s'; its models are: %s"
                    .formatted(
                            model,
                            project.project().name(),
                            project.models().stream().map(CompiledModel::name).collect(Collectors.joining(", "))));
        }
    }

    private static List<Path> setupScripts(SessionOptions options) {
        List<Path> resolved = new ArrayList<>();
        for (Path script : options.setupScripts()) {
            resolved.add(SessionOptions.locateSetupScript(
                            options.projectDir(), Path.of("").toAbsolutePath(), script.toString())
                    .orElseThrow(() -> new ProjectException(
                            "setup script %s not found (relative paths are resolved against the project folder %s)"
                                    .formatted(script, options.projectDir()))));
        }
        return resolved;
    }

    private static void runSetupScripts(ProjectDatabase database, List<Path> scripts) {
        for (Path script : scripts) {
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(script, StandardCharsets.UTF_8));
            } catch (IOException | SQLException e) {
                throw new ProjectException(
                        "setup script failed in %s: %s".formatted(database, e.getMessage()), script, 0, e);
            }
        }
    }

    private void ensureSchema(Connection connection, String schema) throws SQLException {
        if (!database.createdByHarness()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + Relation.quote(schema));
        }
    }
}
