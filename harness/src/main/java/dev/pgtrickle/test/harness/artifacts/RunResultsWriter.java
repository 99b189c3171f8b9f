package dev.pgtrickle.test.harness.artifacts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes {@code run_results.json} in dbt's run-results schema (v6): one result per executed seed, model and test, keyed
 * by the node's unique id in {@link ManifestWriter manifest.json}, with dbt's status words, timing and messages.
 */
public final class RunResultsWriter {

    /** The file name dbt uses, in its target path. */
    public static final String FILE_NAME = "run_results.json";

    static final String SCHEMA = "https://schemas.getdbt.com/dbt/run-results/v6.json";

    private RunResultsWriter() {}

    /**
     * One executed node.
     *
     * @param uniqueId the node's unique id ({@code model.<project>.<name>}, ...)
     * @param status dbt's word: {@code success}, {@code error}, {@code skipped} (seeds, models); {@code pass},
     *     {@code fail}, {@code warn}, {@code error}, {@code skipped} (tests)
     * @param startedAt when it started
     * @param executionTime how long it ran
     * @param message the failure, warning or skip reason; dbt's {@code SELECT}/{@code INSERT} summary otherwise
     * @param failures failing rows of a test, when known
     * @param commandStatus what PostgreSQL answered the node's main statement ({@code INSERT 0 3}), when known: dbt's
     *     {@code adapter_response} and, when there is no other message, its {@code message}
     */
    public record NodeResult(
            String uniqueId,
            String status,
            Instant startedAt,
            Duration executionTime,
            Optional<String> message,
            OptionalInt failures,
            Optional<String> commandStatus) {

        public NodeResult {
            Objects.requireNonNull(uniqueId, "uniqueId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(commandStatus, "commandStatus");
        }

        /** A result without a command status. */
        public NodeResult(
                String uniqueId,
                String status,
                Instant startedAt,
                Duration executionTime,
                Optional<String> message,
                OptionalInt failures) {
            this(uniqueId, status, startedAt, executionTime, message, failures, Optional.empty());
        }
    }

    /**
     * Write {@code <targetDirectory>/run_results.json}.
     *
     * @param args the invocation's arguments as dbt records them ({@code which} is the command)
     */
    public static Path write(
            Path targetDirectory,
            String invocationId,
            List<NodeResult> results,
            Duration elapsed,
            Map<String, Object> args) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("metadata", ArtifactFiles.metadata(SCHEMA, invocationId, Instant.now()));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (NodeResult result : results) {
            entries.add(entry(result));
        }
        content.put("results", entries);
        content.put("elapsed_time", seconds(elapsed));
        content.put("args", args);
        return ArtifactFiles.writeAtomically(targetDirectory.resolve(FILE_NAME), content);
    }

    private static Map<String, Object> entry(NodeResult result) {
        Instant completed = result.startedAt().plus(result.executionTime());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", result.status());
        entry.put(
                "timing",
                result.status().equals("skipped")
                        ? List.of()
                        : List.of(
                                timing("compile", result.startedAt(), result.startedAt()),
                                timing("execute", result.startedAt(), completed)));
        entry.put("thread_id", "Thread-1");
        entry.put("execution_time", seconds(result.executionTime()));
        entry.put(
                "adapter_response",
                result.commandStatus().map(RunResultsWriter::adapterResponse).orElse(Map.of()));
        entry.put("message", result.message().or(result::commandStatus).orElse(null));
        entry.put("failures", result.failures().isPresent() ? result.failures().getAsInt() : null);
        entry.put("unique_id", result.uniqueId());
        entry.put("compiled", null);
        entry.put("compiled_code", null);
        entry.put("relation_name", null);
        entry.put("batch_results", null);
        return entry;
    }

    /**
     * dbt-postgres's {@code adapter_response} for a command status: the status as {@code _message}, its words without
     * the numbers as {@code code} ({@code INSERT 0 3} is {@code INSERT}), and its last number as {@code rows_affected}
     * (the row count psycopg2 gives; -1 when the status has none, as for {@code CREATE VIEW}).
     */
    static Map<String, Object> adapterResponse(String commandStatus) {
        List<String> parts = List.of(commandStatus.trim().split("\\s+"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("_message", commandStatus);
        response.put(
                "code",
                String.join(
                        " ",
                        parts.stream()
                                .filter(part -> !part.chars().allMatch(Character::isDigit))
                                .toList()));
        String last = parts.get(parts.size() - 1);
        response.put("rows_affected", last.chars().allMatch(Character::isDigit) ? Long.parseLong(last) : -1L);
        return response;
    }

    private static Map<String, Object> timing(String name, Instant started, Instant completed) {
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("name", name);
        timing.put("started_at", ArtifactFiles.timestamp(started));
        timing.put("completed_at", ArtifactFiles.timestamp(completed));
        return timing;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
