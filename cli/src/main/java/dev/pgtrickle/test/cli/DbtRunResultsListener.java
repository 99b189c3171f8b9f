package dev.pgtrickle.test.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgtrickle.test.harness.artifacts.ManifestWriter;
import dev.pgtrickle.test.harness.artifacts.RunResultsWriter;
import dev.pgtrickle.test.junit.engine.DbtReportKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Collects the engine's executed seeds, models and dbt tests in dbt's terms (unique id, dbt status word, timing) and
 * writes them as dbt's {@code run_results.json} next to the {@code manifest.json} the engine wrote, in the project's
 * {@code target/} folder. Nodes skipped because something upstream failed are listed as {@code skipped} with the
 * reason, as dbt lists them; nodes outside the selection are left out, as dbt leaves them out. A project that stopped
 * (a setup script the database refused, stream tables never populated, a project that cannot be loaded) is one
 * {@code error} result of its own, {@code operation.<project>.pgtrickle-test-build}, as dbt records a failed
 * {@code on-run-start} hook as an {@code operation} result: a reader that counts errors sees the run failed.
 */
final class DbtRunResultsListener implements TestExecutionListener {

    private final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
    private final List<RunResultsWriter.NodeResult> results = new ArrayList<>();

    @Override
    public void reportingEntryPublished(TestIdentifier id, org.junit.platform.engine.reporting.ReportEntry entry) {
        entries.computeIfAbsent(id.getUniqueId(), key -> new HashMap<>()).putAll(entry.getKeyValuePairs());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            projectError(id, result);
            return;
        }
        Map<String, String> published = entries.getOrDefault(id.getUniqueId(), Map.of());
        String uniqueId = published.get(DbtReportKeys.UNIQUE_ID);
        String status = published.get(DbtReportKeys.STATUS);
        if (uniqueId == null || status == null) {
            return;
        }
        Duration elapsed = Optional.ofNullable(published.get(DbtReportKeys.ELAPSED_MILLIS))
                .map(millis -> Duration.ofMillis(Long.parseLong(millis)))
                .orElse(Duration.ZERO);
        results.add(new RunResultsWriter.NodeResult(
                uniqueId,
                dbtStatus(status),
                Instant.now().minus(elapsed),
                elapsed,
                result.getThrowable().map(Throwable::getMessage),
                (uniqueId.startsWith("test.") || uniqueId.startsWith("unit_test.")) && status.equals("PASS")
                        ? OptionalInt.of(0)
                        : OptionalInt.empty(),
                Optional.ofNullable(published.get(DbtReportKeys.COMMAND_STATUS))));
    }

    private void projectError(TestIdentifier id, TestExecutionResult result) {
        Optional<String> project = id.getSource()
                .filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName())
                .filter(name -> name.startsWith("dbt."))
                .map(name -> name.substring("dbt.".length()));
        if (result.getStatus() != TestExecutionResult.Status.FAILED || project.isEmpty()) {
            return;
        }
        results.add(new RunResultsWriter.NodeResult(
                "operation.%s.pgtrickle-test-build".formatted(project.get()),
                "error",
                Instant.now(),
                Duration.ZERO,
                result.getThrowable().map(error -> String.valueOf(error.getMessage())),
                OptionalInt.empty()));
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        String uniqueId = entries.getOrDefault(id.getUniqueId(), Map.of()).get(DbtReportKeys.UNIQUE_ID);
        if (id.isTest() && uniqueId != null) {
            results.add(new RunResultsWriter.NodeResult(
                    uniqueId, "skipped", Instant.now(), Duration.ZERO, Optional.of(reason), OptionalInt.empty()));
        }
    }

    /** dbt's words: {@code success}/{@code error} for seeds and models, {@code pass}/{@code warn}/{@code fail}/{@code error} for tests. */
    static String dbtStatus(String ours) {
        return switch (ours) {
            case "OK" -> "success";
            default -> ours.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Write {@code <dbtTarget>/run_results.json} with the invocation id of the manifest the engine wrote there (so dbt
     * tools can join the two), or a new one when there is no manifest.
     */
    synchronized Path write(Path dbtTarget, CliArguments arguments, Duration elapsed) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", arguments.command().word());
        args.put("project_dir", arguments.project().toString());
        if (!arguments.select().isBlank()) {
            args.put("select", List.of(arguments.select()));
        }
        if (!arguments.exclude().isBlank()) {
            args.put("exclude", List.of(arguments.exclude()));
        }
        args.put("full_refresh", arguments.fullRefresh());
        return RunResultsWriter.write(dbtTarget, invocationId(dbtTarget), List.copyOf(results), elapsed, args);
    }

    private static String invocationId(Path dbtTarget) {
        Path manifest = dbtTarget.resolve(ManifestWriter.FILE_NAME);
        if (Files.isRegularFile(manifest)) {
            try {
                String id = new ObjectMapper()
                        .readTree(manifest.toFile())
                        .at("/metadata/invocation_id")
                        .asText("");
                if (!id.isBlank()) {
                    return id;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return UUID.randomUUID().toString();
    }
}
