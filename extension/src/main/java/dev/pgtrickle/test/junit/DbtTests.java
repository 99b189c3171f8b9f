package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.BuildListener;
import dev.pgtrickle.test.harness.engine.NodeOutcome;
import dev.pgtrickle.test.harness.engine.ProjectBuild;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import dev.pgtrickle.test.harness.project.RunHook;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A project's dbt tests as JUnit dynamic tests, one per dbt test, named like {@code not_null order_totals.customer_id}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> dbtTests(ProjectSession session) {
 *     return DbtTests.of(session);
 * }
 * }</pre>
 *
 * <p>The project's unit tests ({@code unit_tests:}) come first, named {@code unit_test <model>::<name>}. A failing test
 * throws an {@link AssertionFailedError} whose message shows the first failing rows and the compiled SQL (a failing unit
 * test: the row diff, with its expected and actual rows for the IDE's comparison view); a test that only warns is
 * aborted with a reason starting with {@code WARN} (reported as skipped, never as a pass); a test whose SQL cannot run
 * fails with the database's message.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DbtTests {

    /** How many failing rows a failure message shows. */
    public static final int FAILING_ROWS = DbtTestSuite.DEFAULT_FAILING_ROWS;

    private DbtTests() {}

    /**
     * The dbt tests of {@code session}'s project that go with its selection; as with {@code dbt test}, the project's
     * {@code on-run-start} hooks run first (a dynamic test named {@code on-run-start}) and its {@code on-run-end} hooks
     * last ({@code on-run-end}, with the tests' results), each there only when the project has such hooks and a test
     * is selected. A failed hook fails its dynamic test; the tests still run, as dbt goes on after a failed hook.
     */
    public static Stream<DynamicTest> of(ProjectSession session) {
        DbtTestSuite suite = session.dbtTests(FAILING_ROWS);
        if (suite.tests().isEmpty()) {
            return Stream.empty();
        }
        ProjectBuild build = new ProjectBuild(session, BuildListener.NONE);
        List<RunHook> hooks = session.compiledProject().project().runHooks();
        Stream<DynamicTest> tests = suite.tests().stream()
                .map(test -> DynamicTest.dynamicTest(
                        test.name(), URI.create(test.file().toUri().toString()), () -> {
                            DbtTestResult result = suite.run(test);
                            build.testFinished(result);
                            check(result);
                        }));
        return Stream.of(
                        hooks(hooks, RunHook.Type.ON_RUN_START, build::start),
                        tests,
                        hooks(hooks, RunHook.Type.ON_RUN_END, build::finish))
                .flatMap(stream -> stream);
    }

    /** One dynamic test that runs the project's hooks of {@code type}, when it has any; it fails naming a failed one. */
    private static Stream<DynamicTest> hooks(List<RunHook> hooks, RunHook.Type type, Supplier<List<NodeOutcome>> run) {
        if (RunHook.ofType(hooks, type).isEmpty()) {
            return Stream.empty();
        }
        return Stream.of(DynamicTest.dynamicTest(type.key(), () -> {
            List<NodeOutcome> failed =
                    run.get().stream().filter(NodeOutcome::failed).toList();
            if (!failed.isEmpty()) {
                throw new IllegalStateException(ProjectBuild.describe(failed));
            }
        }));
    }

    private static void check(DbtTestResult result) {
        switch (result.status()) {
            case PASS -> {}
            case WARN -> throw new TestAbortedException(result.message());
            case FAIL ->
                throw result.diff()
                        .map(diff -> new AssertionFailedError(result.message(), diff.expected(), diff.actual()))
                        .orElseGet(() -> new AssertionFailedError(result.message()));
            case ERROR -> throw new IllegalStateException(result.message());
        }
    }
}
