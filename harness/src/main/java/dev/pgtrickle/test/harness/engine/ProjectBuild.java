package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.dbttest.DbtTestDeclarations;
import dev.pgtrickle.test.harness.dbttest.DbtTestKind;
import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.dbttest.DbtTestSelection;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.materialize.HookResult;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.RunHook;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.seed.SeedResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The build every entrance runs on a {@link ProjectSession}, as {@code dbt build} does: seed, the unit tests of the
 * models to build (a model whose unit test fails is skipped, with everything downstream), run, wait until the stream
 * tables are populated, then the dbt tests that can still run. Each seed and model is reported to a
 * {@link BuildListener} as one {@link NodeOutcome}; the build remembers which nodes were built so a dbt test of a model
 * that failed is skipped with the reason. The {@code @PgTrickleProject} extension, the {@code pgtrickle-dbt} engine and
 * the command line's operations all build through this class. It is also the one place where the project's {@code
 * on-run-start} and {@code on-run-end} hooks run around the nodes: {@link #start()} and {@link #finish()} for a build
 * driven step by step, {@link #betweenHooks} and the single commands ({@link #seedCommand}, {@link #runCommand},
 * {@link #testCommand}) that the session's verbs, the upgrade check and the backend comparison run.
 *
 * <pre>{@code
 * ProjectBuild build = new ProjectBuild(session, outcome -> System.out.println(outcome.name() + " " + outcome.detail()));
 * build.build(EnumSet.allOf(ProjectBuild.Phase.class), ProjectBuild.OnModelFailure.CONTINUE);
 * }</pre>
 *
 * <p>Not thread-safe, like the session it drives.
 */
public final class ProjectBuild {

    /** What a build does, as dbt's commands: {@code seed}, {@code run}, {@code test}. */
    public enum Phase {
        /** Load the seeds. */
        SEED,
        /** Load the seeds, materialize the selection and await its stream tables. */
        RUN,
        /** Materialize the selection, await its stream tables; the caller then runs the dbt tests. */
        TEST
    }

    /** What a failed model means for the rest of {@link #build}. */
    public enum OnModelFailure {
        /** Await the stream tables that were built, so the tests that do not read the failed model still run. */
        CONTINUE,
        /** Stop after the run: the caller fails as a whole. */
        STOP
    }

    private final ProjectSession session;
    private final BuildListener listener;
    private final Set<String> built = new HashSet<>();
    private final Set<String> notBuilt = new HashSet<>();
    private final RunEndContext runEnd = new RunEndContext();
    private final List<NodeOutcome> failedHooks = new ArrayList<>();
    /** The command's {@code --full-refresh} for this build's seeds and run: the session's option unless told. */
    private boolean fullRefresh;

    private final List<HookResult> hookResults = new ArrayList<>();
    private boolean started;
    private boolean finished;
    /** The unit tests a build ran before the models, by unique id: the tests that follow report these results. */
    private final Map<String, DbtTestResult> unitTestResults = new LinkedHashMap<>();

    /**
     * @param session the open session to build in (the caller closes it)
     * @param listener hears each seed and model
     */
    public ProjectBuild(ProjectSession session, BuildListener listener) {
        this.session = session;
        this.listener = listener;
        this.fullRefresh = session.options().fullRefresh();
    }

    /**
     * Seed and run as a full refresh, or not, whatever the session was opened with: the upgrade check opens its
     * session for the baseline (never a full refresh) and builds the current version in it with the command's flag.
     * A node's own {@code full_refresh} config still wins for that node.
     *
     * @return this build
     */
    public ProjectBuild fullRefresh(boolean fullRefresh) {
        this.fullRefresh = fullRefresh;
        return this;
    }

    /**
     * Seed (for {@link Phase#SEED} or {@link Phase#RUN}), then run and await the stream tables the run built (for
     * {@link Phase#RUN} or {@link Phase#TEST}).
     *
     * @return the run's results, empty when the phases do not run models
     */
    public Optional<RunResults> build(Set<Phase> phases, OnModelFailure onModelFailure) {
        start();
        if (phases.contains(Phase.SEED) || phases.contains(Phase.RUN)) {
            seed();
        }
        if (!phases.contains(Phase.RUN) && !phases.contains(Phase.TEST)) {
            return Optional.empty();
        }
        // As dbt build does, a model's unit tests run before the model, and a model whose unit test fails is skipped.
        Map<String, String> failedUnitTests = phases.contains(Phase.TEST) ? runUnitTests() : Map.of();
        RunResults results = run(failedUnitTests);
        if (!results.hasFailures() || onModelFailure == OnModelFailure.CONTINUE) {
            // The session waits for the stream tables its latest run built (not failed, not skipped).
            session.awaitPopulated();
        }
        return Optional.of(results);
    }

    /**
     * Run {@code nodes} as one dbt command ({@code seed}, {@code run}, {@code test}, {@code build}) runs its nodes:
     * the project's {@code on-run-start} hooks first, its {@code on-run-end} hooks last, with the results of what
     * {@code nodes} reported to this build; the {@code on-run-end} hooks run even when {@code nodes} throws, as dbt
     * runs them whatever became of the nodes. When {@code nothingToDo} (the command selects no node) no hook runs, as
     * dbt's "Nothing to do" runs none; it is asked only of a project that has hooks, so a project without any is not
     * compiled for it. A failed hook does not stop the rest: see {@link #requireHooksPassed}.
     *
     * @return what {@code nodes} returned
     */
    public <T> T betweenHooks(BooleanSupplier nothingToDo, Function<ProjectBuild, T> nodes) {
        if (!session.hasRunHooks() || nothingToDo.getAsBoolean()) {
            return nodes.apply(this);
        }
        start();
        T result;
        try {
            result = nodes.apply(this);
        } catch (RuntimeException | Error e) {
            try {
                finish();
            } catch (RuntimeException hookError) {
                e.addSuppressed(hookError);
            }
            throw e;
        }
        finish();
        return result;
    }

    /**
     * {@code dbt seed}: every seed between the project's hooks (none when the project has no seed).
     *
     * @see #betweenHooks
     */
    public List<SeedResult> seedCommand(boolean fullRefresh) {
        return betweenHooks(() -> session.compiledProject().seeds().isEmpty(), build -> build.seeds(fullRefresh));
    }

    /**
     * {@code dbt run}: {@code select} minus {@code exclude} between the project's hooks (none when nothing is
     * selected), the results with the hooks ({@link RunResults#hooks()}).
     *
     * @see #betweenHooks
     */
    public RunResults runCommand(String select, String exclude, boolean fullRefresh) {
        return betweenHooks(
                        () -> session.compiledProject()
                                .selectModels(select, exclude)
                                .isEmpty(),
                        build -> build.run(select, exclude, fullRefresh))
                .withHooks(hookResults());
    }

    /**
     * {@code dbt test}: every test of {@code suite} between the project's hooks (none when it has no test), each
     * result seen by the {@code on-run-end} hooks; the results with the hooks ({@link DbtTestResults#hooks()}).
     *
     * @see #betweenHooks
     */
    public DbtTestResults testCommand(DbtTestSuite suite) {
        return betweenHooks(() -> suite.tests().isEmpty(), build -> {
                    DbtTestResults results = suite.runAll();
                    results.results().forEach(build::testFinished);
                    return results;
                })
                .withHooks(hookResults());
    }

    /**
     * Run the project's {@code on-run-start} hooks (once per build; {@link #build} does it first), reporting each as
     * an {@code operation}. As in dbt (without {@code --skip-nodes-if-on-run-start-fails}) a failed hook does not stop
     * the build, but it fails the run: see {@link #failedHooks()}.
     */
    public List<NodeOutcome> start() {
        if (started) {
            return List.of();
        }
        started = true;
        return hooks(RunHook.Type.ON_RUN_START, Map.of());
    }

    /**
     * Run the project's {@code on-run-end} hooks once, after everything else (the dbt tests too: the caller records
     * them with {@link #testFinished} and {@link #testSkipped}), with dbt's {@code results}, {@code schemas} and
     * {@code database_schemas}; reporting each as an {@code operation}.
     */
    public List<NodeOutcome> finish() {
        if (finished) {
            return List.of();
        }
        finished = true;
        return hooks(
                RunHook.Type.ON_RUN_END,
                runEnd.variables(session.compiledProject().options().target().database()));
    }

    /** The {@code on-run-start}/{@code on-run-end} hooks that failed so far; any fails the run, as in dbt. */
    public List<NodeOutcome> failedHooks() {
        return List.copyOf(failedHooks);
    }

    /** Every {@code on-run-start}/{@code on-run-end} hook this build ran (or skipped after a failed one), in order. */
    public List<HookResult> hookResults() {
        return List.copyOf(hookResults);
    }

    /**
     * Fails when a hook failed, as dbt fails a command whose hook failed (after everything else ran).
     *
     * @param what what ran, for the message: {@code the run of project 'p'}
     * @throws IllegalStateException naming each failed hook, its file and the database's message
     */
    public void requireHooksPassed(String what) {
        if (!failedHooks.isEmpty()) {
            throw new IllegalStateException("%s ran, but %s".formatted(what, describe(failedHooks)));
        }
    }

    /** The failed hooks for a message: {@code on-run-start hook ... failed: ...}, one per line. */
    public static String describe(List<NodeOutcome> failedHooks) {
        return failedHooks.stream()
                .map(hook -> hook.message().orElse(hook.name() + " failed"))
                .collect(java.util.stream.Collectors.joining(System.lineSeparator()));
    }

    /** A dbt test that ran in this build, for the {@code results} the {@code on-run-end} hooks see. */
    public void testFinished(DbtTestResult result) {
        runEnd.add(session.compiledProject(), result);
    }

    /** A dbt test this build skipped, and why, for the {@code on-run-end} hooks' {@code results}. */
    public void testSkipped(DbtTest test, String reason) {
        runEnd.skipped(session.compiledProject(), test, reason);
    }

    private List<NodeOutcome> hooks(RunHook.Type type, Map<String, ?> extra) {
        List<NodeOutcome> outcomes = new ArrayList<>();
        for (HookResult result : RunHooks.run(session, type, extra)) {
            hookResults.add(result);
            NodeOutcome outcome = RunHooks.outcome(result);
            if (outcome.failed()) {
                failedHooks.add(outcome);
            }
            outcomes.add(report(outcome));
        }
        return outcomes;
    }

    /** Load every seed ({@code dbt seed}) with this build's full-refresh setting, reporting each. */
    public List<NodeOutcome> seed() {
        return seeds(fullRefresh).stream().map(NodeOutcome::of).toList();
    }

    /** Load every seed (with {@code fullRefresh}, dropped and created again), reporting each. */
    public List<SeedResult> seeds(boolean fullRefresh) {
        List<SeedResult> seeds = session.loadSeeds(fullRefresh);
        seeds.forEach(seed -> report(NodeOutcome.of(seed)));
        return seeds;
    }

    /** Materialize the session's selection ({@code dbt run}) with this build's full-refresh setting, reporting each. */
    public RunResults run() {
        SessionOptions options = session.options();
        return run(options.select(), options.exclude(), fullRefresh);
    }

    /** Materialize {@code select} minus {@code exclude} ({@code dbt run --select ... --exclude ...}), reporting each. */
    public RunResults run(String select, String exclude, boolean fullRefresh) {
        return run(select, exclude, fullRefresh, Map.of());
    }

    /**
     * Materialize the session's selection but the models in {@code failedUnitTests} (model to the unit test that
     * failed) and everything downstream of them, which are reported as skipped with the reason.
     */
    private RunResults run(Map<String, String> failedUnitTests) {
        SessionOptions options = session.options();
        return run(options.select(), options.exclude(), fullRefresh, failedUnitTests);
    }

    private RunResults run(String select, String exclude, boolean fullRefresh, Map<String, String> failedUnitTests) {
        List<CompiledModel> wanted = session.compiledProject().selectModels(select, exclude);
        String excluded = String.join(
                        " ",
                        exclude,
                        failedUnitTests.keySet().stream()
                                .map(model -> model + "+")
                                .collect(Collectors.joining(" ")))
                .trim();
        RunResults results = session.materialize(select, excluded, fullRefresh);
        Set<String> ran = new HashSet<>();
        for (ModelRunResult model : results.results()) {
            ran.add(model.model());
            report(NodeOutcome.of(
                    model, session.compiledProject().findModel(model.model()).map(CompiledModel::file)));
        }
        for (CompiledModel model : wanted) {
            if (!ran.contains(model.name())) {
                String reason = failedUnitTests.containsKey(model.name())
                        ? "skipped: its unit test failed (%s)".formatted(failedUnitTests.get(model.name()))
                        : "skipped: a model upstream of it failed a unit test";
                report(new NodeOutcome(
                        "model",
                        model.name(),
                        NodeOutcome.Status.SKIPPED,
                        model.materialization() + " (not built)",
                        Duration.ZERO,
                        Optional.of(reason),
                        Optional.of(model.file())));
            }
        }
        return results;
    }

    /**
     * The unit tests of the models this build will run, run now (each in its own rolled-back transaction, so the
     * models need not exist yet); answers the models whose unit test failed or errored, with that test's name.
     */
    private Map<String, String> runUnitTests() {
        SessionOptions options = session.options();
        Set<String> models = session.compiledProject().selectModels(options.select(), options.exclude()).stream()
                .map(CompiledModel::name)
                .collect(Collectors.toSet());
        Predicate<DbtTest> selected = selection();
        DbtTestSuite suite = session.dbtTests(DbtTestSuite.DEFAULT_FAILING_ROWS);
        Map<String, String> failed = new LinkedHashMap<>();
        for (DbtTest test : suite.tests()) {
            String model = test.node().map(node -> node.name()).orElse("");
            if (test.kind() != DbtTestKind.UNIT || !selected.test(test) || !models.contains(model)) {
                continue;
            }
            DbtTestResult result = suite.run(test);
            unitTestResults.put(test.uniqueId(), result);
            if (result.status().failsRun()) {
                failed.putIfAbsent(model, test.name());
            }
        }
        return failed;
    }

    /** {@code test}'s result: the one this build already has for a unit test it ran before the models, or a new run. */
    public DbtTestResult result(DbtTestSuite suite, DbtTest test) {
        DbtTestResult early = unitTestResults.get(test.uniqueId());
        return early != null ? early : suite.run(test);
    }

    /**
     * The project's dbt tests that go with the session's selection, bound to its database.
     *
     * @param failingRows how many failing rows a result keeps
     */
    public DbtTestSuite tests(int failingRows) {
        return session.dbtTests(failingRows);
    }

    /** Which dbt tests the session's selection brings along (every test when nothing is selected). */
    public Predicate<DbtTest> selection() {
        SessionOptions options = session.options();
        return DbtTestDeclarations.selection(session.compiledProject(), options.select(), options.exclude());
    }

    /**
     * Why {@code test} cannot run after this build: a model or seed it reads failed or was skipped, or was not
     * selected (every build starts in an empty database, so its relation does not exist). Empty when it can run.
     */
    public Optional<String> skipReason(DbtTest test) {
        var graph = session.compiledProject().graph();
        Optional<String> failedUpstream = DbtTestSelection.firstDependency(graph, test, notBuilt);
        if (failedUpstream.isPresent()) {
            return Optional.of("model %s was not built".formatted(failedUpstream.get()));
        }
        return DbtTestSelection.firstUnbuilt(graph, test, built)
                .map(unselected ->
                        "not run: it reads %s, which this run did not select (every run starts in an empty database)"
                                .formatted(unselected));
    }

    /** dbt's unique id of a seed, model or {@code on-run-*} hook outcome, from the compiled project. */
    public static Optional<String> uniqueId(CompiledProject project, NodeOutcome outcome) {
        return RunEndContext.uniqueId(project, outcome);
    }

    private NodeOutcome report(NodeOutcome outcome) {
        (outcome.ok() ? built : notBuilt).add(outcome.name());
        // A failed on-run-end hook is past every hook that could read it; dbt lists a failed on-run-start one.
        if (!outcome.type().equals(RunHooks.TYPE) || (outcome.failed() && !finished)) {
            CompiledProject project = session.compiledProject();
            runEnd.add(project, outcome, RunEndContext.uniqueId(project, outcome));
        }
        listener.nodeFinished(outcome);
        return outcome;
    }
}
