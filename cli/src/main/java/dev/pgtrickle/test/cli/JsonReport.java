package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.artifacts.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes {@code run_results.json}: the command, the project's warnings (what dbt warns about while loading), the summary
 * and one entry per seed, model, test and operation.
 */
final class JsonReport {

    static final String FILE_NAME = "run_results.json";

    private JsonReport() {}

    /**
     * Write the report of {@code printer}'s nodes for a command started at {@code startNanos}. A report that cannot be
     * written is a note on the printer, not a failure of the command: its outcome is already printed.
     */
    static void write(CliArguments arguments, ProgressPrinter printer, int exitCode, long startNanos, String error) {
        try {
            write(
                    arguments.targetPath(),
                    arguments,
                    printer.reports(),
                    printer.counts(),
                    printer.warnings(),
                    exitCode,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    error);
        } catch (IOException | UncheckedIOException e) {
            printer.note("could not write the JSON report to %s: %s".formatted(arguments.targetPath(), e.getMessage()));
        }
    }

    static Path write(
            Path directory,
            CliArguments arguments,
            List<NodeReport> reports,
            ProgressPrinter.Counts counts,
            List<String> warnings,
            int exitCode,
            Duration elapsed,
            String error)
            throws IOException {
        Files.createDirectories(directory);
        String results =
                reports.stream().map(JsonReport::node).collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
        String json =
                """
                {
                  "generated_at": %s,
                  "command": %s,
                  "project": %s,
                  "select": %s,
                  "exclude": %s,
                  "full_refresh": %s,
                  "exit_code": %d,
                  "elapsed_seconds": %s,
                  "error": %s,
                  "warnings": %s,
                  "summary": {"passed": %d, "failed": %d, "skipped": %d, "warned": %d, "total": %d},
                  "results": %s
                }
                """
                        .formatted(
                                string(Instant.now().toString()),
                                string(arguments.command().word()),
                                string(arguments.project().toString()),
                                string(arguments.select()),
                                string(arguments.exclude()),
                                arguments.fullRefresh(),
                                exitCode,
                                seconds(elapsed),
                                error == null ? "null" : string(error),
                                warnings.stream().map(JsonReport::string).collect(Collectors.joining(", ", "[", "]")),
                                counts.passed(),
                                counts.failed(),
                                counts.skipped(),
                                counts.warned(),
                                counts.total(),
                                reports.isEmpty() ? "[]" : results);
        // Atomically: a second run on the same project, or a reader, never sees half a report.
        return AtomicFiles.writeString(directory.resolve(FILE_NAME), json);
    }

    private static String node(NodeReport report) {
        return "{\"type\": %s, \"name\": %s, \"status\": %s, \"detail\": %s, \"elapsed_seconds\": %s, \"message\": %s}"
                .formatted(
                        string(report.type()),
                        string(report.name()),
                        string(report.status()),
                        string(report.detail()),
                        seconds(report.elapsed()),
                        report.message().map(JsonReport::string).orElse("null"));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
