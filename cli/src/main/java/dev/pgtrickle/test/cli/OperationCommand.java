package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.engine.SessionOptions;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.operations.CdcHealthReport;
import dev.pgtrickle.test.harness.operations.FreshnessReport;
import dev.pgtrickle.test.harness.operations.StreamTableOperations;
import dev.pgtrickle.test.harness.project.ProjectProblem;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.seed.SeedResult;
import dev.pgtrickle.test.harness.settings.SettingLayer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            printer.note("ERROR " + error);
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

    private static void build(ProjectSession session, ProgressPrinter printer) {
        for (SeedResult seed : session.seed()) {
            printer.print(new NodeReport(
                    "seed", seed.relation().identifier(), "OK", seed.summary(), seed.elapsed(), Optional.empty()));
        }
        RunResults run = session.run();
        for (ModelRunResult model : run.results()) {
            // An ephemeral model is never built, by design: OK, as the build command reports it.
            boolean ephemeral = model.typedMaterialization() == Materialization.EPHEMERAL;
            boolean skipped = model.action() == RunAction.SKIPPED && !ephemeral;
            String status = model.failed() ? "ERROR" : skipped ? "SKIP" : "OK";
            printer.print(new NodeReport(
                    "model",
                    model.model(),
                    status,
                    ephemeral && model.action() == RunAction.SKIPPED
                            // No relation to name: it is compiled into its consumers as a CTE.
                            ? "ephemeral (inlined into its consumers)"
                            : "%s %s %s"
                                    .formatted(
                                            model.materialization(),
                                            model.relation().qualifiedName(),
                                            model.action().name().toLowerCase(Locale.ROOT)),
                    model.elapsed(),
                    model.errorMessage()));
        }
        // The stream tables this run built (not failed, not skipped).
        session.awaitPopulated();
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
