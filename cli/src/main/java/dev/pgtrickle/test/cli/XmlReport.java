package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.artifacts.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * The JUnit legacy XML report ({@code TEST-pgtrickle-dbt.xml}), which can also be written before the run ends: JUnit's
 * listener writes an engine's file only when the engine finishes, and a {@code --keep} run does not finish until
 * Ctrl-C, when the JVM stops without finishing it.
 *
 * <p>JUnit's listener writes into a private folder of this run, and the finished file is then moved into the reports
 * folder in one step: two runs on the same project at once each leave a whole report, never one interleaved with the
 * other. The private folder is removed after each move.
 */
final class XmlReport implements TestExecutionListener {

    private final Path reportsDir;
    private final Path privateDir;
    private final LegacyXmlReportGeneratingListener xml;
    private TestPlan plan;

    XmlReport(Path reportsDir) {
        this.reportsDir = reportsDir;
        this.privateDir = reportsDir.resolve(".xml-" + UUID.randomUUID());
        this.xml = new LegacyXmlReportGeneratingListener(privateDir, new PrintWriter(System.err, true));
    }

    /**
     * Write the report of everything finished so far by telling JUnit's listener that the engines finished. When the
     * run does go on and end, their real end rewrites the file.
     */
    void writeNow() {
        if (plan != null) {
            plan.getRoots().forEach(root -> finishRoot(root, TestExecutionResult.successful()));
        }
    }

    /** JUnit's listener writes an engine's file when the engine finishes: into the private folder, then moved. */
    private void finishRoot(TestIdentifier root, TestExecutionResult result) {
        try {
            Files.createDirectories(privateDir);
            xml.executionFinished(root, result);
            try (Stream<Path> files = Files.list(privateDir)) {
                for (Path file : files.toList()) {
                    AtomicFiles.move(file, reportsDir.resolve(file.getFileName()));
                }
            }
            Files.deleteIfExists(privateDir);
        } catch (IOException e) {
            System.err.printf("pgtrickle-test: could not write the JUnit XML report to %s: %s%n", reportsDir, e);
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        xml.testPlanExecutionStarted(testPlan);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        xml.testPlanExecutionFinished(testPlan);
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier id) {
        xml.dynamicTestRegistered(id);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        xml.executionSkipped(id, reason);
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        xml.executionStarted(id);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.getParentIdObject().isEmpty()) {
            finishRoot(id, result);
        } else {
            xml.executionFinished(id, result);
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        xml.reportingEntryPublished(id, entry);
    }
}
