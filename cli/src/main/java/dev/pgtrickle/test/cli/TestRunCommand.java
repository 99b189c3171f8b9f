package dev.pgtrickle.test.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import dev.pgtrickle.test.harness.render.RenderingWarmUp;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import dev.pgtrickle.test.harness.settings.Setting;
import dev.pgtrickle.test.junit.engine.DbtTestEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code build}, {@code seed}, {@code run} and {@code test}: launches the {@code pgtrickle-dbt} engine on the project
 * through the JUnit Platform launcher, printing progress and writing the JUnit XML and JSON reports.
 */
final class TestRunCommand {

    private TestRunCommand() {}

    static int execute(CliArguments arguments, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        ProgressPrinter printer = new ProgressPrinter(out);
        printer.note("pgtrickle-test %s: project %s%s"
                .formatted(
                        arguments.command().word(),
                        arguments.project(),
                        arguments
                                .backend()
                                .map(backend -> " (backend " + backend + ")")
                                .orElse("")));
        try {
            Files.createDirectories(arguments.targetPath());
        } catch (IOException e) {
            throw new UsageException("--target-path %s: cannot create it (%s); pass a writable folder"
                    .formatted(arguments.targetPath(), e.getMessage()));
        }
        XmlReport xml = new XmlReport(arguments.targetPath());
        DbtRunResultsListener dbtResults = new DbtRunResultsListener();
        ProgressListener progress = new ProgressListener(printer, err::println, () -> {
            // A kept run ends only with Ctrl-C, so the reports are written now, before the wait.
            xml.writeNow();
            JsonReport.write(arguments, printer, 0, start, null);
            writeDbtRunResults(dbtResults, arguments, printer, start);
            printReports(arguments, printer);
            printer.summary();
        });
        startServerEarly(arguments);
        RenderingWarmUp.startInBackground();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request(arguments), progress, xml, dbtResults);

        int exitCode;
        String error = null;
        if (progress.projectError().isPresent()) {
            exitCode = progress.projectErrorIsUsage() ? Main.USAGE_ERROR : Main.FAILED;
            error = progress.projectError().get().getMessage();
        } else {
            exitCode = printer.count(NodeReport::failed) > 0 ? Main.FAILED : Main.OK;
        }
        JsonReport.write(arguments, printer, exitCode, start, error);
        writeDbtRunResults(dbtResults, arguments, printer, start);
        printReports(arguments, printer);
        printer.summary();
        return exitCode;
    }

    /**
     * Start the embedded server while the launcher loads and compiles the project (Main stops it, whatever happens).
     * Settings that do not resolve start nothing: the engine reports the same error, before anything is built.
     */
    private static void startServerEarly(CliArguments arguments) {
        ServerSettings server;
        try {
            server = OperationCommand.options(arguments).server();
        } catch (RuntimeException e) {
            return;
        }
        SharedServers.startEarly(server);
    }

    /** Like the JSON report, dbt's run results are a note when they cannot be written: the outcome is printed. */
    private static void writeDbtRunResults(
            DbtRunResultsListener dbtResults, CliArguments arguments, ProgressPrinter printer, long startNanos) {
        try {
            dbtResults.write(arguments.dbtTarget(), arguments, Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (RuntimeException e) {
            printer.note("could not write dbt's run_results.json to %s: %s"
                    .formatted(arguments.dbtTarget(), e.getMessage()));
        }
    }

    private static void printReports(CliArguments arguments, ProgressPrinter printer) {
        printer.note("Reports: %s, %s"
                .formatted(
                        arguments.targetPath().resolve("TEST-" + DbtTestEngine.ENGINE_ID + ".xml"),
                        arguments.targetPath().resolve(JsonReport.FILE_NAME)));
    }

    private static LauncherDiscoveryRequest request(CliArguments arguments) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectDirectory(arguments.project().toFile()))
                .filters(includeEngines(DbtTestEngine.ENGINE_ID))
                .configurationParameters(arguments.settings())
                .configurationParameter(Setting.PHASES.key(), phases(arguments.command()))
                .configurationParameter(
                        Setting.COMMAND.key(), arguments.command().word());
        return request.build();
    }

    private static String phases(Command command) {
        return switch (command) {
            case SEED -> "seed";
            case RUN, SNAPSHOT -> "seed,run";
            default -> "seed,run,test";
        };
    }
}
