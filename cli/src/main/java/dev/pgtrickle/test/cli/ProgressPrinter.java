package dev.pgtrickle.test.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints one line per seed, model, test and operation as dbt does, and the closing summary. */
final class ProgressPrinter {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int NAME_WIDTH = 48;

    private final PrintStream out;
    private final List<NodeReport> reports = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int projectErrors;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    void print(NodeReport report) {
        reports.add(report);
        String name = report.type() + " " + report.name() + " ";
        String dots = name.length() < NAME_WIDTH ? ".".repeat(NAME_WIDTH - name.length()) : "";
        String detail = report.detail().isBlank() ? "" : " " + report.detail();
        out.printf(
                "%s  %-5s %s%s%s [%.2fs]%n",
                LocalTime.now().format(CLOCK),
                report.status(),
                name,
                dots,
                detail,
                report.elapsed().toNanos() / 1e9);
        report.message().filter(message -> !report.passed()).ifPresent(message -> message.lines()
                .forEach(line -> out.println(line.isBlank() ? "" : "          " + line)));
        out.flush();
    }

    /**
     * A project or settings error that stopped the run (printed as is): counted as one failure in both closing lines,
     * so that a run no node of which got to fail never ends with {@code 0 failed}.
     */
    void projectError(String text) {
        projectErrors++;
        note(text);
    }

    void note(String text) {
        out.println(text);
        out.flush();
    }

    /**
     * A warning about the project (not a node): kept for the JSON report. The harness logs it to stderr when it loads
     * the project, as dbt prints its warnings, so it is not printed again here.
     */
    void warning(String text) {
        if (!warnings.contains(text)) {
            warnings.add(text);
        }
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<NodeReport> reports() {
        return List.copyOf(reports);
    }

    long count(java.util.function.Predicate<NodeReport> which) {
        return reports.stream().filter(which).count();
    }

    /**
     * The closing counts: a warning counts as skipped, as JUnit reports it (and as warned, as dbt does), and a project
     * error as one failure, so that a run that stopped before any node could fail never reads {@code 0 failed}.
     */
    record Counts(long passed, long failed, long skipped, long warned, long total) {}

    Counts counts() {
        return new Counts(
                count(NodeReport::passed),
                count(NodeReport::failed) + projectErrors,
                count(NodeReport::skipped),
                count(report -> report.status().equals("WARN")),
                reports.size() + projectErrors);
    }

    /** dbt's closing line, then ours, which ends the output. */
    void summary() {
        Counts counts = counts();
        out.printf(
                Locale.ROOT,
                "Done. PASS=%d WARN=%d ERROR=%d SKIP=%d TOTAL=%d%n",
                counts.passed(),
                counts.warned(),
                counts.failed(),
                count(report -> report.status().equals("SKIP")),
                counts.total());
        out.println(summaryLine());
        out.flush();
    }

    /** {@code N passed, N failed, N skipped}. */
    String summaryLine() {
        Counts counts = counts();
        return "%d passed, %d failed, %d skipped".formatted(counts.passed(), counts.failed(), counts.skipped());
    }
}
