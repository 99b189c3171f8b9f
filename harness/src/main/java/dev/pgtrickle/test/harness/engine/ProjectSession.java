package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.MaterializationConfigException;
import dev.pgtrickle.test.harness.materialize.ModelRunner;
import dev.pgtrickle.test.harness.materialize.ModelToBuild;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.ManagedStreamTable;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.render.Target;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dbt project open against its own database: the facade the JUnit extension and the command line use.
 *
 * <p>{@link #open(SessionOptions)} loads and compiles the project first, so a broken project fails before any server
 * or database exists; then it acquires the shared server, creates a fresh {@link ProjectDatabase} (pg_trickle or its
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
 * <p>Not thread-safe: one session belongs to one test class or command-line run.
 */
public final class ProjectSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectSession.class);

    private final SessionOptions options;
    private final ProjectDatabase database;
    private final Map<String, String> sqlOverrides = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> configOverrides = new LinkedHashMap<>();
    private CompiledProject compiled;
    private RunResults lastRun;

    private ProjectSession(SessionOptions options, ProjectDatabase database, CompiledProject compiled) {
        this.options = options;
        this.database = database;
        this.compiled = compiled;
    }

    /**
     * Load and check the project, then create its database and run the setup scripts.
     *
     * @throws ProjectException for a broken project, a missing target or setup script (nothing created yet)
     * @throws MaterializationConfigException for an unknown materialization or an unusable stream table setting
     *     (nothing created yet)
     */
    public static ProjectSession open(SessionOptions options) {
        DbtProject project = load(options);
        Target provisional = target(project, options, Optional.empty());
        CompiledProject compiled = ProjectCompiler.compile(project, compileOptions(options, provisional, false));
        ModelRunner.checkConfig(toBuild(compiled, compiled.models()));
        List<Path> scripts = setupScripts(options);

        PostgresServer server = SharedServers.acquire(options.server());
        ProjectDatabase database = ProjectDatabase.create(server, project.name(), options.schedulerTick());
        try {
            runSetupScripts(database, scripts);
            CompiledProject forDatabase = ProjectCompiler.compile(
                    project, compileOptions(options, target(project, options, Optional.of(database.name())), false));
            LOG.info("pgtrickle-test: project '{}' opened in {}", project.name(), database);
            return new ProjectSession(options, database, forDatabase);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Load every seed ({@code dbt seed}), with the session's full-refresh setting. */
    public List<SeedResult> seed() {
        return seed(options.fullRefresh());
    }

    /**
     * Load every seed: create the table (or truncate and reload it; with {@code fullRefresh}, drop and create it), run
     * its pre- and post-hooks ({@code {{ this }}} rendered as the seed's table).
     */
    public List<SeedResult> seed(boolean fullRefresh) {
        CompiledProject project = recompile(fullRefresh);
        List<SeedResult> results = new ArrayList<>();
        try (Connection connection = database.connect()) {
            for (CompiledSeed seed : project.seeds()) {
                ensureSchema(connection, seed.relation().schema());
                execute(connection, seed.preHooks(), "pre-hook of seed '%s'".formatted(seed.name()));
                results.add(SeedLoader.load(connection, seedSpec(seed), fullRefresh));
                execute(connection, seed.postHooks(), "post-hook of seed '%s'".formatted(seed.name()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to %s: %s".formatted(database, e.getMessage()), e);
        }
        return results;
    }

    /** Materialize the session's selection ({@code dbt run}). */
    public RunResults run() {
        return run(options.select(), options.exclude(), options.fullRefresh());
    }

    /** Materialize the models {@code select} picks (dbt selector syntax), minus the session's exclusion. */
    public RunResults run(String select) {
        return run(select, options.exclude(), options.fullRefresh());
    }

    /** Materialize the session's selection as a full refresh ({@code dbt run --full-refresh}). */
    public RunResults rebuild() {
        return run(options.select(), options.exclude(), true);
    }

    /** Materialize {@code select} minus {@code exclude}; {@code fullRefresh} drops and creates every stream table. */
    public RunResults run(String select, String exclude, boolean fullRefresh) {
        CompiledProject project = recompile(fullRefresh);
        List<CompiledModel> selected = project.selectModels(select, exclude);
        List<ModelToBuild> models = toBuild(project, selected);
        ModelRunner runner = new ModelRunner(
                database::connect, database.pgTrickle(), database.createdByHarness(), options.onQueryChange());
        lastRun = MissingSourceHint.apply(
                runner.run(models, fullRefresh), project.project().sources(), options.projectDir());
        return lastRun;
    }

    /**
     * Replace a model's SQL (its Jinja source, {@code config()} and {@code ref()} allowed) for the following runs, as
     * if the file had been edited: for regression tests of the query-change path.
     *
     * @throws ProjectException naming the project's models when there is no model {@code model}
     */
    public ProjectSession overrideModelSql(String model, String sql) {
        requireModel(model);
        sqlOverrides.put(model, sql);
        return this;
    }

    /**
     * Override config keys of a model for the following runs. The values win over every layer, including the model's
     * own {@code config()} call; {@code null} means "set to none" (e.g. {@code schedule} = CALCULATED).
     */
    public ProjectSession overrideModelConfig(String model, Map<String, ?> config) {
        requireModel(model);
        configOverrides.computeIfAbsent(model, name -> new LinkedHashMap<>()).putAll(config);
        return this;
    }

    /** Forget every SQL and config override. */
    public ProjectSession clearOverrides() {
        sqlOverrides.clear();
        configOverrides.clear();
        return this;
    }

    /** The run-operations for this project's stream tables. */
    public StreamTableOperations operations() {
        CompiledProject project = compiled;
        List<ManagedStreamTable> managed = managedStreamTables();
        return new StreamTableOperations(
                database::connect,
                managed,
                project.options().target().schema(),
                database.createdByHarness(),
                selector -> project.selectModels(selector, "").stream()
                        .map(CompiledModel::name)
                        .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
    }

    /**
     * A handle on a stream table: a model name (its stream table, after {@code stream_table_schema} /
     * {@code stream_table_name}), or a stream table name ({@code schema.name}, or a name looked up in the catalog).
     */
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
    public List<StreamTableState> awaitPopulated() {
        List<String> names;
        if (lastRun != null) {
            names = lastRun.results().stream()
                    .filter(result -> Materialization.STREAM_TABLE.matches(result.materialization()))
                    .filter(result -> result.action() != RunAction.ERROR && result.action() != RunAction.SKIPPED)
                    .map(result -> result.relation().qualifiedName())
                    .toList();
        } else {
            Set<String> selected = compiled.selectModels(options.select(), options.exclude()).stream()
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
        return toBuild(compiled, compiled.models()).stream()
                .filter(model -> Materialization.STREAM_TABLE.matches(model.materialization()))
                .map(model -> new ManagedStreamTable(model.name(), streamTableName(model)))
                .toList();
    }

    /** The project database. */
    public ProjectDatabase database() {
        return database;
    }

    /** The project as compiled for the latest run or seed (or at open). */
    public CompiledProject compiledProject() {
        return compiled;
    }

    /** The options the session was opened with. */
    public SessionOptions options() {
        return options;
    }

    /** The results of the latest run, if there was one. */
    public Optional<RunResults> lastRunResults() {
        return Optional.ofNullable(lastRun);
    }

    /**
     * Run the project's dbt tests that go with the session's selection ({@code dbt test}): generic tests from property
     * files, custom generic tests and singular tests, against the session's database. See the dbttest package.
     */
    public DbtTestResults test() {
        return dbtTests(DbtTestSuite.DEFAULT_FAILING_ROWS).runAll();
    }

    /**
     * The project's dbt tests that go with the session's selection (all tests when nothing is selected), compiled with
     * the project's renderer and bound to the session's database, to run one by one or all at once.
     *
     * @param failingRows how many failing rows each result keeps
     */
    public DbtTestSuite dbtTests(int failingRows) {
        return new DbtTestSuite(compiled, options.select(), options.exclude(), database::connect, failingRows);
    }

    /** Drop the project database (and everything the project created in it). */
    @Override
    public void close() {
        database.close();
    }

    private CompiledProject recompile(boolean fullRefresh) {
        DbtProject project = withOverrides(load(options));
        compiled = ProjectCompiler.compile(
                project,
                compileOptions(options, target(project, options, Optional.of(database.name())), fullRefresh)
                        .withModelConfigOverrides(configOverrides));
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
        if (compiled.findModel(model).isEmpty()) {
            throw new ProjectException("no model '%s' to override in project '%s'; its models are: %s"
                    .formatted(
                            model,
                            compiled.project().name(),
                            compiled.models().stream().map(CompiledModel::name).collect(Collectors.joining(", "))));
        }
    }

    static List<ModelToBuild> toBuild(CompiledProject project, List<CompiledModel> models) {
        Map<String, String> namesById = new LinkedHashMap<>();
        project.models().forEach(model -> namesById.put(model.uniqueId(), model.name()));
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

    private static dev.pgtrickle.test.harness.project.Relation streamTableName(ModelToBuild model) {
        Object schema = model.config().get("stream_table_schema");
        Object name = model.config().get("stream_table_name");
        return new dev.pgtrickle.test.harness.project.Relation(
                schema == null ? model.relation().schema() : schema.toString(),
                name == null ? model.relation().identifier() : name.toString());
    }

    private static DbtProject load(SessionOptions options) {
        return ProjectLoader.load(options.projectDir(), LoadOptions.defaults().withEnv(options.env()));
    }

    private static CompileOptions compileOptions(SessionOptions options, Target target, boolean fullRefresh) {
        return CompileOptions.defaults()
                .withTarget(target)
                .withVars(options.vars())
                .withEnv(options.env())
                .withFullRefresh(fullRefresh || options.fullRefresh());
    }

    /** The target: the profile's output (the one named in the options, or the profile's default). */
    static Target target(DbtProject project, SessionOptions options, Optional<String> database) {
        if (project.profile().isEmpty()) {
            return new Target(
                    options.target().orElse("default"),
                    "public",
                    database.orElse(Target.defaults().database()));
        }
        var profile = project.profile().get();
        var output = profile.target(options.target())
                .orElseThrow(() -> new ProjectException(
                        "profile '%s' has no output '%s'; its outputs are: %s; choose one of them as the target"
                                .formatted(
                                        profile.name(),
                                        options.target().orElse(profile.defaultTarget()),
                                        String.join(", ", profile.outputNames())),
                        profile.file(),
                        0,
                        null));
        Map<String, Object> connection = new LinkedHashMap<>();
        output.host().ifPresent(host -> connection.put("host", host));
        output.port().ifPresent(port -> connection.put("port", port));
        output.user().ifPresent(user -> connection.put("user", user));
        connection.put("threads", output.threads());
        return new Target(
                output.name(),
                output.schema(),
                database.orElse(output.dbname().orElse(Target.defaults().database())),
                connection);
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
            statement.execute(
                    "CREATE SCHEMA IF NOT EXISTS " + dev.pgtrickle.test.harness.project.Relation.quote(schema));
        }
    }

    private static void execute(Connection connection, List<String> statements, String what) {
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("%s failed: %s%n%s".formatted(what, e.getMessage(), sql), e);
            }
        }
    }

    private static SeedSpec seedSpec(CompiledSeed seed) {
        var config = seed.config();
        Map<String, String> columnTypes = new LinkedHashMap<>();
        config.get("column_types").ifPresent(value -> {
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> columnTypes.put(String.valueOf(k), String.valueOf(v)));
            } else {
                throw new ProjectException(
                        "seed '%s': column_types must be a mapping of column name to type, found %s"
                                .formatted(seed.name(), value),
                        seed.node().file(),
                        0,
                        null);
            }
        });
        String delimiter = config.string("delimiter").orElse(",");
        if (delimiter.length() != 1) {
            throw new ProjectException(
                    "seed '%s': delimiter must be one character, found '%s'".formatted(seed.name(), delimiter),
                    seed.node().file(),
                    0,
                    null);
        }
        return SeedSpec.of(seed.relation(), seed.node().file())
                .withColumnTypes(columnTypes)
                .withQuoteColumns(config.bool("quote_columns").orElse(SeedSpec.DEFAULT_QUOTE_COLUMNS))
                .withDelimiter(delimiter.charAt(0));
    }
}
