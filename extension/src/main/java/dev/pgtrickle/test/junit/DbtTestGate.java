package dev.pgtrickle.test.junit;

import dev.pgtrickle.test.harness.dbttest.DbtTestResult;
import dev.pgtrickle.test.harness.dbttest.DbtTestResults;
import dev.pgtrickle.test.harness.dbttest.DbtTestStatus;
import dev.pgtrickle.test.harness.dbttest.DbtTestSuite;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the project's own dbt tests before the first test when {@code runDbtTests} asks for it, and fails the class when
 * one fails or errors (warnings pass, as with {@code dbt test}).
 */
final class DbtTestGate {

    private DbtTestGate() {}

    /** @param ran told each result, for the {@code results} the project's {@code on-run-end} hooks see */
    static void runOrFail(DbtTestSuite suite, Consumer<DbtTestResult> ran, String owner) {
        DbtTestResults results = suite.runAll();
        results.results().forEach(ran);
        List<DbtTestResult> failed = results.results().stream()
                .filter(result -> result.status() == DbtTestStatus.FAIL || result.status() == DbtTestStatus.ERROR)
                .toList();
        if (!failed.isEmpty()) {
            throw new AssertionError("%s: %d of the project's %d dbt tests failed (runDbtTests):%n%s"
                    .formatted(
                            owner,
                            failed.size(),
                            results.results().size(),
                            failed.stream()
                                    .map(result -> result.name() + ": " + result.message())
                                    .collect(Collectors.joining(System.lineSeparator()))));
        }
    }
}
