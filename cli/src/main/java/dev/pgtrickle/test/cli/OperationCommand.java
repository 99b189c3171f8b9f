package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.operations.CdcHealthReport;
import dev.pgtrickle.test.harness.operations.FreshnessReport;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code refresh}, {@code freshness}, {@code cdc-health} and {@code drop-all}: builds the project in a fresh database
 * (each run starts from nothing), then runs the dbt-pgtrickle operation and prints its outcome.
 */
final class OperationCommand {

    private OperationCommand() {}

    static int execute(CliArguments arguments, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        ProgressPrinter printer = new ProgressPrinter(out);
        printer.note(
                "pgtrickle-test %s: project %s".formatted(arguments.command().word(), arguments.project()));
        String error = null;
        try (ProjectSession session = ProjectSession.open(options(arguments))) {
            err.println(session.database().backendLine());
            session.compiledProject().writeCompiledSql(arguments.compiledPath());
            build(session, printer);
            // Again: a model that asks the database while rendering is compiled only when it is built.
            session.compiledProject().writeCompiledSql(arguments.compiledPath());
            if (printer.count(NodeReport::failed) == 0) {
                operate(arguments, session.operations(), printer);
            }
            if (arguments.keep()) {
                printer.summary();
                KeptDatabase.lines(session.database().jdbcUrlWithCredentials()).forEach(printer::note);
                new CountDownLatch(1).await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (e instanceof ProjectProblem) {
                throw new UsageException(e.getMessage(), e);
            }
            error = e.getMessage();
            // Counted as a failure in the closing lines and the JSON report, as a stopped build's error is.
            printer.projectError("ERROR " + error);
        }
        int exitCode = printer.count(NodeReport::failed) > 0 || error != null ? Main.FAILED : Main.OK;
        JsonReport.write(arguments, printer, exitCode, start, error);
        printer.summary();
        return exitCode;
    }

    static SessionOptions options(CliArguments arguments) {
        SessionOptions options =
                SessionOptions.resolve(arguments.layer().orElse(SettingLayer.systemProperties()), arguments.project());
        // refresh's --select names the stream tables to refresh, not what to build: building only them in the new,
        // empty database would fail on every model they read.
        return arguments.command() == Command.REFRESH ? options.withSelect("") : options;
    }

    /** Seed, run and await, printing a line per seed and model; a failed model leaves the others to finish. */
    private static void build(ProjectSession session, ProgressPrinter printer) {
        ProjectBuild build = new ProjectBuild(session, outcome -> printer.print(NodeReport.of(outcome)));
        build.build(EnumSet.of(ProjectBuild.Phase.RUN), ProjectBuild.OnModelFailure.CONTINUE);
        build.finish();
    }

    private static void operate(CliArguments arguments, StreamTableOperations operations, ProgressPrinter printer) {
        long start = System.nanoTime();
        String name = arguments.command().word();
        try {
            String detail =
                    switch (arguments.command()) {
                        case REFRESH -> "refreshed " + names(refresh(arguments, operations));
                        case FRESHNESS -> {
                            FreshnessReport report = operations.checkFreshness();
                            yield report.describe().replace("\n", "; ");
                        }
                        case CDC_HEALTH -> {
                            CdcHealthReport report = operations.checkCdcHealth();
                            yield report.describe().replace("\n", "; ");
                        }
                        case DROP_ALL -> "dropped " + names(operations.dropAllManaged());
                        default -> throw new IllegalStateException("not an operation: " + arguments.command());
                    };
            printer.print(new NodeReport(
                    "operation", name, "OK", detail, Duration.ofNanos(System.nanoTime() - start), Optional.empty()));
        } catch (RuntimeException e) {
            printer.print(new NodeReport(
                    "operation",
                    name,
                    "FAIL",
                    "",
                    Duration.ofNanos(System.nanoTime() - start),
                    Optional.ofNullable(e.getMessage())));
        }
    }

    private static List<Relation> refresh(CliArguments arguments, StreamTableOperations operations) {
        if (arguments.select().isBlank()) {
            return operations.refreshAll();
        }
        List<Relation> refreshed = new ArrayList<>();
        for (String model : arguments.select().split("\\s+")) {
            refreshed.add(operations.refresh(model));
        }
        return refreshed;
    }

    private static String names(List<Relation> relations) {
        return relations.isEmpty()
                ? "nothing"
                : String.join(
                        ", ", relations.stream().map(Relation::qualifiedName).toList());
    }
}
