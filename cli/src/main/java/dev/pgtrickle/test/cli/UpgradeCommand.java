package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.artifacts.UpgradeReportWriter;
import dev.pgtrickle.test.harness.engine.NodeOutcome;
import dev.pgtrickle.test.harness.materialize.Materialization;
import dev.pgtrickle.test.harness.upgrade.Baseline;
import dev.pgtrickle.test.harness.upgrade.ExpectationFailure;
import dev.pgtrickle.test.harness.upgrade.ModelUpgrade;
import dev.pgtrickle.test.harness.upgrade.UpgradeCheck;
import dev.pgtrickle.test.harness.upgrade.UpgradeListener;
import dev.pgtrickle.test.harness.upgrade.UpgradePath;
import dev.pgtrickle.test.harness.upgrade.UpgradeReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code upgrade}: build the baseline version of the project, apply the current one over it in the same database,
 * print one line per seed and model of both builds, then one {@code upgrade} line per model with the path it took and
 * one {@code FAIL expectation} line per failed expectation; writes {@code upgrade.json} next to the other reports.
 */
final class UpgradeCommand {

    static final String REPORT_FILE = "upgrade.json";

    private UpgradeCommand() {}

    /** @param workingFolderParent where the baseline's temporary copy goes; empty: {@code java.io.tmpdir} */
    static int execute(CliArguments arguments, Optional<Path> workingFolderParent, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        ProgressPrinter printer = new ProgressPrinter(out);
        UpgradeArguments upgrade = arguments.upgrade();
        Baseline baseline = upgrade.baseline()
                .map(Baseline::folder)
                .orElseGet(() -> Baseline.gitRef(
                        arguments.project(), upgrade.baselineRef().orElseThrow()));
        printer.note(
                "pgtrickle-test upgrade: project %s, baseline %s".formatted(arguments.project(), baseline.describe()));
        UpgradeCheck.Builder check = UpgradeCheck.builder(OperationCommand.options(arguments))
                .baseline(baseline)
                .expectRecreate(upgrade.expectRecreate().toArray(String[]::new))
                .failOnRecreate(upgrade.failOnRecreate())
                .listener(new Printing(printer));
        workingFolderParent.ifPresent(check::workingFolderParent);
        UpgradeReport report = check.build().run();
        report.baselineErrors().forEach(error -> printer.note("ERROR baseline: " + error));
        for (ExpectationFailure failure : report.expectationFailures()) {
            printer.print(new NodeReport(
                    "expectation", failure.model(), "FAIL", "", Duration.ZERO, Optional.of(failure.message())));
        }
        boolean failed = !report.passed() || printer.count(NodeReport::failed) > 0;
        int exitCode = failed ? Main.FAILED : Main.OK;
        Path file = arguments.targetPath().resolve(REPORT_FILE);
        try {
            UpgradeReportWriter.write(file, report);
            printer.note("Reports: " + file + ", " + arguments.targetPath().resolve(JsonReport.FILE_NAME));
        } catch (UncheckedIOException e) {
            printer.note("could not write the upgrade report %s: %s".formatted(file, e.getMessage()));
        }
        JsonReport.write(
                arguments,
                printer,
                exitCode,
                start,
                report.baselineErrors().isEmpty() ? null : String.join("; ", report.baselineErrors()));
        printer.summary();
        return exitCode;
    }

    /** Prints the phases, the build's nodes and each model's path. */
    private record Printing(ProgressPrinter printer) implements UpgradeListener {

        @Override
        public void nodeFinished(NodeOutcome outcome) {
            printer.print(NodeReport.of(outcome));
        }

        @Override
        public void phaseStarted(Phase phase, String description) {
            printer.note("-- %s: %s".formatted(phase.name().toLowerCase(Locale.ROOT), description));
        }

        @Override
        public void modelChecked(ModelUpgrade upgrade) {
            String status = upgrade.path() == UpgradePath.ERROR
                    ? "ERROR"
                    : upgrade.path() == UpgradePath.SKIPPED
                                    && !Materialization.EPHEMERAL.matches(upgrade.materialization())
                            ? "SKIP"
                            : upgrade.contentsWrong() ? "FAIL" : "OK";
            printer.print(new NodeReport(
                    "upgrade",
                    upgrade.model(),
                    status,
                    upgrade.describe(),
                    Duration.ZERO,
                    upgrade.message().or(() -> upgrade.contents().flatMap(check -> check.problem()))));
        }
    }
}
