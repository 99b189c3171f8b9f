package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.harness.server.ServerLostException;
import dev.pgtrickle.test.junit.engine.DbtReportKeys;
import dev.pgtrickle.test.junit.engine.DbtTestWarning;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Turns the {@code pgtrickle-dbt} engine's events into progress lines, and notes project-level errors. The engine
 * publishes a stopped project's error ({@link DbtReportKeys#PROJECT_ERROR}) before it skips the nodes the error
 * stopped, so the line that explains the SKIP lines is printed before them.
 */
final class ProgressListener implements TestExecutionListener {

    private final ProgressPrinter printer;
    private final Consumer<String> backendLines;
    private final Runnable onKeep;
    private final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Set<String> projectErrorPrinted = ConcurrentHashMap.newKeySet();
    private Throwable projectError;
    private boolean projectErrorIsUsage;

    /**
     * @param printer where lines go
     * @param backendLines where the line naming the backend and the pg_trickle that ran goes (stderr)
     * @param onKeep called when a kept project starts waiting for Ctrl-C (after its JDBC URL was printed)
     */
    ProgressListener(ProgressPrinter printer, Consumer<String> backendLines, Runnable onKeep) {
        this.printer = printer;
        this.backendLines = backendLines;
        this.onKeep = onKeep;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entries.computeIfAbsent(id.getUniqueId(), key -> new HashMap<>()).putAll(entry.getKeyValuePairs());
        String backend = entry.getKeyValuePairs().get(DbtReportKeys.BACKEND_LINE);
        if (backend != null) {
            backendLines.accept(backend);
        }
        String warnings = entry.getKeyValuePairs().get(DbtReportKeys.WARNINGS);
        if (warnings != null) {
            warnings.lines().forEach(printer::warning);
        }
        String error = entry.getKeyValuePairs().get(DbtReportKeys.PROJECT_ERROR);
        if (error != null && projectErrorPrinted.add(id.getUniqueId())) {
            printer.projectError("ERROR %s: %s".formatted(id.getDisplayName(), error));
        }
        String url = entry.getKeyValuePairs().get(DbtReportKeys.JDBC_URL);
        if (url != null) {
            // Reports first: whoever waits for the Ctrl-C line may read them at once.
            onKeep.run();
            KeptDatabase.lines(url).forEach(printer::note);
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            printer.print(new NodeReport(type(id), name(id), "SKIP", "", Duration.ZERO, Optional.of(reason)));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<Throwable> throwable = result.getThrowable();
        if (!id.isTest()) {
            if (result.getStatus() == TestExecutionResult.Status.FAILED && throwable.isPresent()) {
                projectError = throwable.get();
                // A server lost under the run is no test verdict either: the run could not be done, as with a broken
                // project (exit code 2).
                projectErrorIsUsage =
                        throwable.get() instanceof ProjectProblem || throwable.get() instanceof ServerLostException;
                if (projectErrorPrinted.add(id.getUniqueId())) {
                    // An engine that published no error entry first (the engine itself failing to start).
                    printer.projectError("ERROR %s: %s".formatted(id.getDisplayName(), describe(throwable.get())));
                }
            }
            return;
        }
        Map<String, String> published = entries.getOrDefault(id.getUniqueId(), Map.of());
        String status =
                switch (result.getStatus()) {
                    case SUCCESSFUL ->
                        published.getOrDefault(DbtReportKeys.STATUS, type(id).equals("test") ? "PASS" : "OK");
                    case ABORTED ->
                        throwable.filter(DbtTestWarning.class::isInstance).isPresent() ? "WARN" : "SKIP";
                    case FAILED ->
                        published.getOrDefault(DbtReportKeys.STATUS, "ERROR").equals("FAIL") ? "FAIL" : "ERROR";
                };
        Duration elapsed = Optional.ofNullable(published.get(DbtReportKeys.ELAPSED_MILLIS))
                .map(millis -> Duration.ofMillis(Long.parseLong(millis)))
                .orElseGet(() -> Duration.ofNanos(
                        System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())));
        printer.print(new NodeReport(
                type(id),
                name(id),
                status,
                published.getOrDefault(DbtReportKeys.DETAIL, ""),
                elapsed,
                throwable.map(ProgressListener::describe)));
    }

    /** The exception that stopped a project, if one did. */
    Optional<Throwable> projectError() {
        return Optional.ofNullable(projectError);
    }

    /**
     * Whether the run could not be done (exit code 2): the project is broken, or its server stopped under it; rather
     * than the database refusing what the project asked.
     */
    boolean projectErrorIsUsage() {
        return projectErrorIsUsage;
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }

    private static String type(TestIdentifier id) {
        return UniqueId.parse(id.getUniqueId()).getLastSegment().getType();
    }

    private static String name(TestIdentifier id) {
        return UniqueId.parse(id.getUniqueId()).getLastSegment().getValue();
    }
}
