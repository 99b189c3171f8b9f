package dev.pgtrickle.test.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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
 */
final class XmlReport implements TestExecutionListener {

    private final LegacyXmlReportGeneratingListener xml;
    private TestPlan plan;

    XmlReport(Path reportsDir) {
        this.xml = new LegacyXmlReportGeneratingListener(reportsDir, new PrintWriter(System.err, true));
    }

    /**
     * Write the report of everything finished so far by telling JUnit's listener that the engines finished. When the
     * run does go on and end, their real end rewrites the file.
     */
    void writeNow() {
        if (plan != null) {
            plan.getRoots().forEach(root -> xml.executionFinished(root, TestExecutionResult.successful()));
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
        xml.executionFinished(id, result);
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        xml.reportingEntryPublished(id, entry);
    }
}
