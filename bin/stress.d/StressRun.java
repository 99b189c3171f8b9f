import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One repetition of bin/stress: runs the examples' test classes, the examples' dbt projects (pgtrickle-dbt engine) and
 * the generated stress classes in one JVM, test classes in parallel on a fixed number of threads, and writes one line
 * per test: status (PASSED, FAILED, ABORTED, SKIPPED), a tab, the test's class and name, a tab, the first line of its
 * failure.
 *
 * <p>Usage (from examples/, whose junit-platform.properties it reads): java -cp CLASSPATH StressRun.java OUT THREADS
 */
public final class StressRun {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String threads = args[1];
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        TestExecutionListener recorder = new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    lines.add("SKIPPED\t" + name(id) + "\t" + oneLine(reason));
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                // A failed container (a class whose set-up failed, a dbt project that stopped) counts as a test too.
                if (id.isTest() || result.getStatus() == TestExecutionResult.Status.FAILED) {
                    lines.add(result.getStatus() + "\t" + name(id) + "\t"
                            + result.getThrowable().map(e -> oneLine(String.valueOf(e))).orElse(""));
                }
            }

            private String name(TestIdentifier id) {
                StringBuilder name = new StringBuilder(id.getDisplayName());
                for (TestIdentifier parent = plan.getParent(id).orElse(null);
                        parent != null;
                        parent = plan.getParent(parent).orElse(null)) {
                    name.insert(0, parent.getDisplayName() + " > ");
                }
                return oneLine(name.toString());
            }
        };
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectPackage("dev.pgtrickle.test.examples"), selectPackage("stress"))
                                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                                .configurationParameter(
                                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                                .configurationParameter(
                                        "junit.jupiter.execution.parallel.config.fixed.parallelism", threads)
                                .build(),
                        recorder);
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            lines.forEach(writer::println);
        }
    }

    private static String oneLine(String text) {
        String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return first.replace('\t', ' ');
    }
}
