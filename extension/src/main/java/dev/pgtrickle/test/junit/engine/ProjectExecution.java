package dev.pgtrickle.test.junit.engine;

import dev.pgtrickle.test.harness.artifacts.ManifestWriter;
import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.NodeOutcome;
import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ServerLostException;
import dev.pgtrickle.test.harness.server.SharedServers;
import dev.pgtrickle.test.harness.settings.Setting;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Builds one project and reports it: seeds and models as dynamic tests, then each dbt test. A dbt test of a model that
 * failed to build is skipped; when the build cannot go on (project invalid, stream tables never populated) the project
 * fails and its remaining tests are skipped with that reason.
 */
final class ProjectExecution {

    private static final String STATUS = DbtReportKeys.STATUS;
    private static final String DETAIL = DbtReportKeys.DETAIL;
    private static final String ELAPSED = DbtReportKeys.ELAPSED_MILLIS;
    private static final String JDBC_URL = DbtReportKeys.JDBC_URL;

    private final DbtProjectDescriptor project;
    private final DbtEngineSettings settings;
    private final EngineExecutionListener listener;
    private final Set<TestDescriptor> reported = new HashSet<>();

    ProjectExecution(DbtProjectDescriptor project, DbtEngineSettings settings, EngineExecutionListener listener) {
        this.project = project;
        this.settings = settings;
        this.listener = listener;
    }

    void execute() {
        listener.executionStarted(project);
        if (project.discoveryError().isPresent()) {
            fail(
                    project.discoveryError().get(),
                    "not run: the project could not be loaded (the project's failure says why)");
            return;
        }
        try (ProjectSession session =
                ProjectSession.open(settings.sessionOptions(project.project())).invokedAs(settings.command())) {
            // Written before any model runs, so the SQL of a model that then fails can be read; written again after
            // the build, since a model that asks the database while rendering is compiled only when it is built.
            String invocationId = UUID.randomUUID().toString();
            writeArtifacts(session, invocationId);
            listener.reportingEntryPublished(
                    project,
                    ReportEntry.from(
                            DbtReportKeys.BACKEND_LINE, session.database().backendLine()));
            List<String> warnings = session.compiledProject().project().warnings();
            if (!warnings.isEmpty()) {
                // Multi-line messages stay one warning each: a line break inside one is a space in the report.
                listener.reportingEntryPublished(
                        project,
                        ReportEntry.from(
                                DbtReportKeys.WARNINGS,
                                String.join(
                                        "\n",
                                        warnings.stream()
                                                .map(w -> w.replace('\n', ' '))
                                                .toList())));
            }
            ProjectBuild build = new ProjectBuild(session, outcome -> report(outcome, uniqueId(session, outcome)));
            build.build(settings.phases(), ProjectBuild.OnModelFailure.CONTINUE);
            requireRunning(session.database().server());
            if (settings.phases().contains(ProjectBuild.Phase.TEST)) {
                runTests(build);
                requireRunning(session.database().server());
            }
            build.finish();
            writeArtifacts(session, invocationId);
            if (settings.keep()) {
                keepUntilStopped(session.database().jdbcUrlWithCredentials());
            }
        } catch (RuntimeException e) {
            fail(SharedServers.explain(e), "not run: the project build stopped (the project's failure says why)");
            return;
        }
        listener.executionFinished(project, TestExecutionResult.successful());
    }

    /**
     * A server killed under the build turns every later statement into a connection error, reported node by node as
     * if the models were wrong; the project fails as a whole instead, naming the server.
     */
    private static void requireRunning(PostgresServer server) {
        if (!server.isRunning()) {
            throw new ServerLostException(
                    server, new IllegalStateException("its process was gone when the build finished"));
        }
    }

    /** {@code target/compiled} and {@code manifest.json}, when asked for, from the project as last compiled. */
    private void writeArtifacts(ProjectSession session, String invocationId) {
        settings.compiledPath().ifPresent(path -> session.compiledProject().writeCompiledSql(path));
        settings.artifactsPath().ifPresent(path -> ManifestWriter.write(session.compiledProject(), path, invocationId));
    }

    /** One seed or model as a dynamic test: registered, then skipped, passed or failed with the build's text. */
    private void report(NodeOutcome outcome, Optional<String> uniqueId) {
        DbtNodeDescriptor node =
                DbtNodeDescriptor.forNode(project.getUniqueId(), outcome.type(), outcome.name(), outcome.file());
        project.addChild(node);
        listener.dynamicTestRegistered(node);
        reported.add(node);
        if (outcome.skipped()) {
            skip(node, uniqueId, outcome.message().orElse(NodeOutcome.UPSTREAM_FAILED));
            return;
        }
        listener.executionStarted(node);
        publish(
                node,
                uniqueId,
                outcome.ok() ? "OK" : "ERROR",
                outcome.detail(),
                outcome.elapsed(),
                outcome.commandStatus());
        if (outcome.ok()) {
            listener.executionFinished(node, TestExecutionResult.successful());
        } else {
            listener.executionFinished(
                    node,
                    TestExecutionResult.failed(new DbtBuildError("%s %s failed: %s"
                            .formatted(
                                    outcome.type(),
                                    outcome.name(),
                                    outcome.message().orElse("")))));
        }
    }

    private void runTests(ProjectBuild build) {
        DbtTestSuite suite = build.tests(settings.failingRows());
        Predicate<DbtTest> selected = build.selection();
        for (TestDescriptor child : List.copyOf(project.getChildren())) {
            if (!(child instanceof DbtNodeDescriptor node) || node.test().isEmpty()) {
                continue;
            }
            DbtTest test = node.test().get();
            reported.add(node);
            if (!selected.test(test)) {
                // Discovery already applies the selection; this only catches a project edited in between.
                listener.executionSkipped(node, "not selected by %s".formatted(Setting.SELECT.key()));
                continue;
            }
            Optional<String> skipReason = build.skipReason(test);
            if (skipReason.isPresent()) {
                build.testSkipped(test, skipReason.get());
                skip(node, Optional.of(test.uniqueId()), skipReason.get());
                continue;
            }
            listener.executionStarted(node);
            DbtTestResult result = build.result(suite, test);
            build.testFinished(result);
            publish(node, Optional.of(test.uniqueId()), result.status().name(), "", result.elapsed(), Optional.empty());
            listener.executionFinished(node, outcome(result));
        }
    }

    private static TestExecutionResult outcome(DbtTestResult result) {
        return switch (result.status()) {
            case PASS -> TestExecutionResult.successful();
            case WARN -> TestExecutionResult.aborted(new DbtTestWarning(result.message()));
            case FAIL -> TestExecutionResult.failed(DbtTestFailure.of(result));
            case ERROR -> TestExecutionResult.failed(new DbtBuildError(result.message()));
        };
    }

    /** dbt's unique id of a seed, model or hook outcome. */
    private static Optional<String> uniqueId(ProjectSession session, NodeOutcome outcome) {
        return ProjectBuild.uniqueId(session.compiledProject(), outcome);
    }

    private void publish(
            TestDescriptor node,
            Optional<String> uniqueId,
            String status,
            String detail,
            Duration elapsed,
            Optional<String> commandStatus) {
        // Report entries refuse blank values.
        Map<String, String> values = new LinkedHashMap<>();
        uniqueId.ifPresent(id -> values.put(DbtReportKeys.UNIQUE_ID, id));
        values.put(STATUS, status.toUpperCase(Locale.ROOT));
        if (!detail.isBlank()) {
            values.put(DETAIL, detail);
        }
        values.put(ELAPSED, Long.toString(elapsed.toMillis()));
        commandStatus.ifPresent(answer -> values.put(DbtReportKeys.COMMAND_STATUS, answer));
        listener.reportingEntryPublished(node, ReportEntry.from(values));
    }

    /**
     * The project stopped: its error is published first, then the nodes it stopped are skipped, then the project fails
     * (JUnit finishes a container only after its children, so the failure itself cannot come first).
     */
    private void fail(RuntimeException error, String skipReason) {
        String message =
                error.getMessage() == null || error.getMessage().isBlank() ? error.toString() : error.getMessage();
        listener.reportingEntryPublished(project, ReportEntry.from(DbtReportKeys.PROJECT_ERROR, message));
        skipTests(skipReason);
        listener.executionFinished(project, TestExecutionResult.failed(error));
    }

    private void skipTests(String reason) {
        for (TestDescriptor child : List.copyOf(project.getChildren())) {
            if (reported.add(child)) {
                Optional<String> uniqueId =
                        child instanceof DbtNodeDescriptor node ? node.test().map(DbtTest::uniqueId) : Optional.empty();
                skip(child, uniqueId, reason);
            }
        }
    }

    /**
     * Skip a node that dbt would list as {@code skipped} in its run results: its unique id is published first, since a
     * skipped node publishes nothing else, so listeners (the command line's run_results.json) can name it.
     */
    private void skip(TestDescriptor node, Optional<String> uniqueId, String reason) {
        uniqueId.ifPresent(id -> listener.reportingEntryPublished(node, ReportEntry.from(DbtReportKeys.UNIQUE_ID, id)));
        listener.executionSkipped(node, reason);
    }

    private void keepUntilStopped(String jdbcUrl) {
        listener.reportingEntryPublished(project, ReportEntry.from(JDBC_URL, jdbcUrl));
        try {
            new CountDownLatch(1).await(); // until the JVM is stopped (Ctrl-C) or this thread is interrupted
        } catch (InterruptedException e) {
            // The interrupt is the kept run's stop signal (for embedders and tests; Ctrl-C stops the JVM instead),
            // consumed here: kept set, it would cut short the clean-up that follows (joining the emulated scheduler,
            // dropping the database) and the reports written after the run.
        }
    }
}
