package dev.pgtrickle.test.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import dev.pgtrickle.test.harness.engine.ProjectSession;
import java.net.URI;
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

    /** The dbt tests of {@code session}'s project that go with its selection. */
    public static Stream<DynamicTest> of(ProjectSession session) {
        DbtTestSuite suite = session.dbtTests(FAILING_ROWS);
        return suite.tests().stream()
                .map(test -> DynamicTest.dynamicTest(
                        test.name(), URI.create(test.file().toUri().toString()), () -> check(suite.run(test))));
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
