package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectCompilation;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The upgrade check: does the current version of a project deploy over its baseline the way you expect?
 *
 * <p>It copies the baseline into a temporary working folder, opens a {@link ProjectSession} there (a fresh database),
 * seeds and runs it and waits for its stream tables; then replaces the folder's files with the current version's and
 * seeds and runs again in the same database, exactly as a deployment runs {@code dbt seed} and {@code dbt run} after
 * checking out new code (each command between the project's {@code on-run-start} and {@code on-run-end} hooks). Each model's run result is its path ({@link UpgradePath}); each stream table built is awaited,
 * refreshed and compared with a fresh evaluation of its defining query. The folder and the database are removed at the
 * end.
 *
 * <pre>{@code
 * UpgradeReport report = UpgradeCheck.builder(SessionOptions.builder(projectDir).build())
 *         .baseline(Baseline.gitRef(projectDir, "main"))
 *         .expectRecreate("region_revenue")
 *         .build()
 *         .run();
 * assertThat(report.failures()).isEmpty();
 * assertThat(report.model("customer_revenue").path()).isEqualTo(UpgradePath.ALTERED);
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class UpgradeCheck {

    private final SessionOptions current;
    private final Baseline baseline;
    private final Set<String> expectRecreate;
    private final boolean failOnRecreate;
    private final UpgradeListener listener;
    private final Path workingFolderParent;

    private UpgradeCheck(Builder builder) {
        this.current = builder.current;
        this.baseline = Objects.requireNonNull(builder.baseline, "baseline: call baseline(...) before build()");
        this.expectRecreate = Set.copyOf(builder.expectRecreate);
        this.failOnRecreate = builder.failOnRecreate;
        this.listener = builder.listener;
        this.workingFolderParent = builder.workingFolderParent;
    }

    /** A check of the project {@code current} names, with its server, target, vars, selection and setup scripts. */
    public static Builder builder(SessionOptions current) {
        return new Builder(current);
    }

    /**
     * Run the check.
     *
     * @throws ProjectException for bad input, before any database exists: the current project does not compile, an
     *     expected model is not in it, the baseline is not a dbt project or its git ref does not exist
     */
    public UpgradeReport run() {
        CompiledProject currentProject = ProjectCompilation.of(current).compiled();
        requireModels(currentProject);
        try (BaselineCopy copy = BaselineCopy.of(baseline, current, workingFolderParent)) {
            return run(copy.folder(), copy.options());
        }
    }

    private UpgradeReport run(Path work, SessionOptions options) {
        try (ProjectSession session = openBaseline(options)) {
            listener.phaseStarted(UpgradeListener.Phase.BASELINE, baseline.describe());
            List<String> baselineErrors = build(session);
            CompiledProject before = session.compiledProject();
            if (!baselineErrors.isEmpty()) {
                return new UpgradeReport(
                        current.projectDir(), baseline.describe(), List.of(), baselineErrors, List.of(), List.of());
            }

            ProjectFiles.clear(work);
            ProjectFiles.copy(current.projectDir(), work);
            listener.phaseStarted(
                    UpgradeListener.Phase.CURRENT, current.projectDir().toString());
            // The baseline was built as deployed; the current version with the command's --full-refresh.
            List<String> hookErrors = new ArrayList<>();
            RunResults run = deploy(session, hookErrors, current.fullRefresh());
            CompiledProject after = session.compiledProject();

            listener.phaseStarted(UpgradeListener.Phase.CHECK, "each model's path and each stream table's contents");
            ModelChanges changes = ModelChanges.between(before, after);
            List<ModelUpgrade> models = new ArrayList<>();
            for (ModelRunResult result : run.results()) {
                models.add(report(upgrade(session, result, changes)));
            }
            for (String removed : changes.removed()) {
                models.add(report(removed(before.model(removed))));
            }
            return new UpgradeReport(
                    current.projectDir(),
                    baseline.describe(),
                    models,
                    List.of(),
                    expectationFailures(models),
                    hookErrors);
        }
    }

    private ProjectSession openBaseline(SessionOptions options) {
        try {
            return ProjectSession.open(options);
        } catch (RuntimeException e) {
            if (e instanceof ProjectProblem) {
                throw new ProjectException(
                        "the baseline (%s) cannot be loaded: %s".formatted(baseline.describe(), e.getMessage()),
                        null,
                        0,
                        e);
            }
            throw e;
        }
    }

    /** Seed, run and await the baseline; what went wrong, one line each. */
    private List<String> build(ProjectSession session) {
        List<String> errors = new ArrayList<>();
        RunResults run = deploy(session, errors, session.options().fullRefresh());
        run.failures()
                .forEach(failure -> errors.add("model %s failed: %s"
                        .formatted(failure.model(), failure.errorMessage().orElse(""))));
        if (errors.isEmpty()) {
            try {
                session.awaitPopulated();
            } catch (RuntimeException e) {
                errors.add("its stream tables were not populated: " + e.getMessage());
            }
        }
        return errors;
    }

    /**
     * {@code dbt seed}, then {@code dbt run}, as a deployment runs them: each command between the project's {@code
     * on-run-start} and {@code on-run-end} hooks, with {@code fullRefresh} as the command's flag. Adds the message of
     * each hook that failed to {@code hookErrors}.
     */
    private RunResults deploy(ProjectSession session, List<String> hookErrors, boolean fullRefresh) {
        SessionOptions options = session.options();
        ProjectBuild seed = new ProjectBuild(session, listener);
        seed.seedCommand(fullRefresh);
        ProjectBuild run = new ProjectBuild(session, listener);
        RunResults results = run.runCommand(options.select(), options.exclude(), fullRefresh);
        for (ProjectBuild command : List.of(seed, run)) {
            command.failedHooks().forEach(hook -> hookErrors.add(hook.message().orElse(hook.name() + " failed")));
        }
        return results;
    }

    private static ModelUpgrade upgrade(ProjectSession session, ModelRunResult result, ModelChanges changes) {
        UpgradePath path = UpgradePath.of(result.action());
        boolean streamTable = Materialization.STREAM_TABLE.matches(result.materialization());
        Optional<ContentCheck> contents = streamTable && path != UpgradePath.ERROR && path != UpgradePath.SKIPPED
                ? Optional.of(contents(session, result.model()))
                : Optional.empty();
        Optional<String> message = result.errorMessage()
                .or(() -> result.notes().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", result.notes())));
        return new ModelUpgrade(
                result.model(),
                result.materialization(),
                result.relation().qualifiedName(),
                path,
                result.recreateReason(),
                result.changedSettings(),
                changes.reasons(result.model()),
                contents,
                message);
    }

    private static ContentCheck contents(ProjectSession session, String model) {
        try {
            session.awaitPopulated(model);
        } catch (RuntimeException e) {
            return ContentCheck.failed("not populated after the upgrade: " + e.getMessage());
        }
        return ContentCheck.of(session.streamTable(model));
    }

    private static ModelUpgrade removed(CompiledModel model) {
        String stays = model.isStreamTable()
                ? "its stream table stays in the database and keeps refreshing until it is dropped"
                : model.isEphemeral() ? "it had no relation" : "its relation stays in the database";
        return new ModelUpgrade(
                model.name(),
                model.materialization(),
                model.relation().qualifiedName(),
                UpgradePath.REMOVED,
                Optional.empty(),
                java.util.Map.of(),
                List.of(),
                Optional.empty(),
                Optional.of("no longer in the project; " + stays + " (dbt does not drop relations of removed models)"));
    }

    private ModelUpgrade report(ModelUpgrade upgrade) {
        listener.modelChecked(upgrade);
        return upgrade;
    }

    private List<ExpectationFailure> expectationFailures(List<ModelUpgrade> models) {
        List<ExpectationFailure> failures = new ArrayList<>();
        for (String expected :
                new LinkedHashSet<>(expectRecreate.stream().sorted().toList())) {
            models.stream()
                    .filter(upgrade -> upgrade.model().equals(expected))
                    .findFirst()
                    .filter(upgrade -> upgrade.path() != UpgradePath.RECREATED)
                    .ifPresent(upgrade -> failures.add(new ExpectationFailure(
                            expected,
                            "expected model %s to be RECREATED, but it was %s"
                                    .formatted(expected, upgrade.describe()))));
            if (models.stream().noneMatch(upgrade -> upgrade.model().equals(expected))) {
                failures.add(new ExpectationFailure(
                        expected,
                        "expected model %s to be RECREATED, but the run did not build it (not selected)"
                                .formatted(expected)));
            }
        }
        if (failOnRecreate) {
            models.stream()
                    .filter(upgrade -> upgrade.path() == UpgradePath.RECREATED)
                    .filter(upgrade -> Materialization.STREAM_TABLE.matches(upgrade.materialization()))
                    .filter(upgrade -> !expectRecreate.contains(upgrade.model()))
                    .forEach(upgrade -> failures.add(new ExpectationFailure(
                            upgrade.model(),
                            "model %s was RECREATED (%s) and --fail-on-recreate forbids it: a drop and create leaves a gap in the data; use on_query_change: replace, or expect it with --expect-recreate %s"
                                    .formatted(
                                            upgrade.model(),
                                            upgrade.recreateReason()
                                                    .map(reason -> reason.name().toLowerCase(java.util.Locale.ROOT))
                                                    .orElse("no reason given"),
                                            upgrade.model()))));
        }
        return failures;
    }

    private void requireModels(CompiledProject project) {
        for (String model : expectRecreate) {
            if (project.findModel(model).isEmpty()) {
                throw new ProjectException("--expect-recreate %s: the project %s has no such model; its models are: %s"
                        .formatted(
                                model,
                                project.project().name(),
                                project.models().stream()
                                        .map(CompiledModel::name)
                                        .collect(Collectors.joining(", "))));
            }
        }
    }

    /** Builds an {@link UpgradeCheck}. */
    public static final class Builder {
        private final SessionOptions current;
        private Baseline baseline;
        private final Set<String> expectRecreate = new LinkedHashSet<>();
        private boolean failOnRecreate;
        private UpgradeListener listener = UpgradeListener.NONE;
        private Path workingFolderParent = BaselineCopy.defaultParent();

        private Builder(SessionOptions current) {
            this.current = Objects.requireNonNull(current, "current");
        }

        /** Where the baseline comes from ({@link Baseline#folder}, {@link Baseline#gitRef}). */
        public Builder baseline(Baseline baseline) {
            this.baseline = Objects.requireNonNull(baseline, "baseline");
            return this;
        }

        /** Fail unless each of these models is RECREATED ({@code --expect-recreate}). */
        public Builder expectRecreate(String... models) {
            expectRecreate.addAll(List.of(models));
            return this;
        }

        /**
         * Fail when any stream table is RECREATED other than those expected ({@code --fail-on-recreate}): a production
         * guard, since a drop and create leaves a gap in the data.
         */
        public Builder failOnRecreate(boolean failOnRecreate) {
            this.failOnRecreate = failOnRecreate;
            return this;
        }

        /** Who hears the progress (default: nobody). */
        public Builder listener(UpgradeListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Make the temporary working folder in {@code parent} (which must exist) instead of {@code java.io.tmpdir}: a
         * disk with more room, or a folder a test owns and checks is empty afterwards.
         */
        public Builder workingFolderParent(Path parent) {
            this.workingFolderParent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /** The check, ready to {@link UpgradeCheck#run()}. */
        public UpgradeCheck build() {
            return new UpgradeCheck(this);
        }
    }
}
