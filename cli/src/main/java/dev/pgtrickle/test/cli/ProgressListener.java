package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.junit.engine.DbtReportKeys;
import dev.pgtrickle.test.junit.engine.DbtTestWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns the {@code pgtrickle-dbt} engine's events into progress lines, and notes project-level errors. SKIP lines wait
 * for the next event: the engine skips a stopped project's nodes before it reports the project's failure, and the
 * error that explains them must come first.
 */
final class ProgressListener implements TestExecutionListener {

    private final ProgressPrinter printer;
    private final Consumer<String> backendLines;
    private final Runnable onKeep;
    private final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<NodeReport> pendingSkips = new ArrayList<>();
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
        printPendingSkips();
        entries.computeIfAbsent(id.getUniqueId(), key -> new HashMap<>()).putAll(entry.getKeyValuePairs());
        String backend = entry.getKeyValuePairs().get(DbtReportKeys.BACKEND_LINE);
        if (backend != null) {
            backendLines.accept(backend);
        }
        String warnings = entry.getKeyValuePairs().get(DbtReportKeys.WARNINGS);
        if (warnings != null) {
            warnings.lines().forEach(printer::warning);
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
        printPendingSkips();
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            pendingSkips.add(new NodeReport(type(id), name(id), "SKIP", "", Duration.ZERO, Optional.of(reason)));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<Throwable> throwable = result.getThrowable();
        if (!id.isTest()) {
            if (result.getStatus() == TestExecutionResult.Status.FAILED && throwable.isPresent()) {
                projectError = throwable.get();
                projectErrorIsUsage = throwable.get() instanceof ProjectProblem;
                printer.projectError("ERROR %s: %s".formatted(id.getDisplayName(), describe(throwable.get())));
            }
            printPendingSkips();
            return;
        }
        printPendingSkips();
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

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        printPendingSkips();
    }

    private void printPendingSkips() {
        pendingSkips.forEach(printer::print);
        pendingSkips.clear();
    }

    /** The exception that stopped a project, if one did. */
    Optional<Throwable> projectError() {
        return Optional.ofNullable(projectError);
    }

    /** Whether the project stopped because it is broken (exit code 2) rather than because the database refused. */
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
