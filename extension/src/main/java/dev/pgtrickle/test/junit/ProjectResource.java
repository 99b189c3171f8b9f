package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.engine.BuildListener;
import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.ProjectProblem;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One test class's project: a {@link ProjectSession} on a database of the class's own. It lives in the class's
 * extension store, which closes it (dropping the database and everything in it) when the class is done, whether its
 * tests passed or not.
 */
final class ProjectResource implements AutoCloseable {

    private final PgTrickleSettings settings;
    private final ProjectSession session;
    private final PgTrickleProjectHandle handle;
    private final PgTrickleExtension creator;

    private ProjectResource(PgTrickleSettings settings, ProjectSession session, PgTrickleExtension creator) {
        this.settings = settings;
        this.session = session;
        this.handle = new PgTrickleProjectHandle(session);
        this.creator = creator;
    }

    /**
     * Load and check the project, then take a server from the shared engine, create the class's database and run the
     * setup scripts. A broken project fails here, before the database exists.
     */
    static ProjectResource open(PgTrickleSettings settings, PgTrickleExtension creator) {
        try {
            return new ProjectResource(settings, ProjectSession.open(settings.options()), creator);
        } catch (RuntimeException e) {
            if (!(e instanceof ProjectProblem)) {
                throw e;
            }
            throw new ExtensionConfigurationException(
                    "%s: the dbt project in %s cannot be used: %s"
                            .formatted(settings.owner(), settings.projectDirectory(), e.getMessage()),
                    e);
        }
    }

    /**
     * Load the seeds, materialize the selection and wait for its stream tables, as before the first test, between the
     * project's {@code on-run-start} and {@code on-run-end} hooks (as {@code dbt build}: on-run-end runs whatever
     * became of the nodes).
     */
    void build() {
        ProjectBuild build = new ProjectBuild(session, BuildListener.NONE);
        build.betweenHooks(() -> false, this::buildNodes);
        build.requireHooksPassed(
                "%s: the build of the project in %s".formatted(settings.owner(), settings.projectDirectory()));
    }

    private Void buildNodes(ProjectBuild build) {
        RunResults run = build.build(EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.STOP)
                .orElseThrow();
        if (run.hasFailures()) {
            throw new IllegalStateException("%s: the run of the project in %s failed:%n%s"
                    .formatted(
                            settings.owner(),
                            settings.projectDirectory(),
                            run.results().stream()
                                    .filter(ModelRunResult::failed)
                                    .map(result -> "  model '%s': %s"
                                            .formatted(
                                                    result.model(),
                                                    result.errorMessage().orElse("failed")))
                                    .collect(Collectors.joining(System.lineSeparator()))));
        }
        if (settings.runDbtTests()) {
            DbtTestGate.runOrFail(build.tests(DbtTests.FAILING_ROWS), build::testFinished, settings.owner());
        }
        return null;
    }

    /**
     * Whether {@code extension} is the registration that built this project. When a class has two registrations (an
     * inherited annotation and its own {@code @RegisterExtension}), only the builder resolves parameters, so JUnit
     * never sees competing resolvers.
     */
    boolean createdBy(PgTrickleExtension extension) {
        return creator == extension;
    }

    ProjectSession session() {
        return session;
    }

    PgTrickleProjectHandle handle() {
        return handle;
    }

    @Override
    public void close() {
        session.close();
    }
}
