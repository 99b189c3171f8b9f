package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.artifacts.ManifestWriter;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.seed.SeedResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A {@link ProjectRun} over the harness's {@link ProjectSession}. */
final class SessionProjectRun implements ProjectRun {

    private final ProjectSession session;
    private final int failingRows;

    private SessionProjectRun(ProjectSession session, int failingRows) {
        this.session = session;
        this.failingRows = failingRows;
    }

    static ProjectRun open(Path project, DbtEngineSettings settings) {
        ProjectSession session = ProjectSession.open(settings.sessionOptions(project));
        try {
            // Written before any model runs, so the SQL of a model that then fails can be read.
            settings.compiledPath().ifPresent(path -> session.compiledProject().writeCompiledSql(path));
            settings.artifactsPath()
                    .ifPresent(path -> ManifestWriter.write(
                            session.compiledProject(), path, UUID.randomUUID().toString()));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return new SessionProjectRun(session, settings.failingRows());
    }

    @Override
    public List<String> warnings() {
        return session.compiledProject().project().warnings();
    }

    @Override
    public List<NodeOutcome> seed() {
        List<NodeOutcome> outcomes = new ArrayList<>();
        for (SeedResult seed : session.seed()) {
            outcomes.add(new NodeOutcome(
                    "seed",
                    seed.relation().identifier(),
                    true,
                    false,
                    seed.summary(),
                    seed.elapsed(),
                    Optional.empty(),
                    Optional.of(seed.csvFile())));
        }
        return outcomes;
    }

    @Override
    public List<NodeOutcome> run() {
        RunResults results = session.run();
        List<NodeOutcome> outcomes = new ArrayList<>();
        for (ModelRunResult model : results.results()) {
            boolean ephemeral = model.typedMaterialization() == Materialization.EPHEMERAL;
            boolean skipped = model.action() == RunAction.SKIPPED && !ephemeral;
            // An ephemeral model has no relation to name: it is compiled into its consumers as a CTE.
            String detail = ephemeral && model.action() == RunAction.SKIPPED
                    ? "ephemeral (inlined into its consumers)"
                    : "%s %s %s"
                            .formatted(
                                    model.materialization(),
                                    model.relation().qualifiedName(),
                                    model.action().name().toLowerCase(Locale.ROOT)
                                            + model.recreateReason()
                                                    .map(reason ->
                                                            " (" + reason.name().toLowerCase(Locale.ROOT) + ")")
                                                    .orElse(""));
            outcomes.add(new NodeOutcome(
                    "model",
                    model.model(),
                    !model.failed(),
                    skipped,
                    detail,
                    model.elapsed(),
                    skipped ? Optional.of("an upstream model failed") : model.errorMessage(),
                    session.compiledProject().findModel(model.model()).map(CompiledModel::file)));
        }
        return outcomes;
    }

    @Override
    public void awaitPopulated() {
        // The session waits for the stream tables its latest run built (not failed, not skipped).
        if (session.lastRunResults().isPresent()) {
            session.awaitPopulated();
        }
    }

    @Override
    public DbtTestSuite tests() {
        return session.dbtTests(failingRows);
    }

    @Override
    public Set<String> selectedNodes() {
        Set<String> ids = new LinkedHashSet<>();
        session.compiledProject()
                .select(session.options().select(), session.options().exclude())
                .forEach(node -> ids.add(node.uniqueId()));
        return ids;
    }

    @Override
    public ProjectGraph graph() {
        return session.compiledProject().graph();
    }

    @Override
    public String jdbcUrl() {
        return session.database().jdbcUrlWithCredentials();
    }

    @Override
    public String backendLine() {
        return session.database().backendLine();
    }

    @Override
    public void close() {
        session.close();
    }
}
