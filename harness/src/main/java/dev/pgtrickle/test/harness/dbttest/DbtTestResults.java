package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.materialize.HookResult;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The results of one {@code dbt test}, in the order the tests ran.
 *
 * @param results each test's result
 * @param hooks the project's {@code on-run-start} hooks (before the tests) and {@code on-run-end} hooks (after them)
 *     that ran with the tests, as dbt lists them among its run results; empty when none ran
 */
@API(status = STABLE, since = "0.1")
public record DbtTestResults(List<DbtTestResult> results, List<HookResult> hooks) {

    public DbtTestResults {
        results = List.copyOf(results);
        hooks = List.copyOf(hooks);
    }

    /** The results of tests that ran without hooks. */
    public DbtTestResults(List<DbtTestResult> results) {
        this(results, List.of());
    }

    /** These test results with the hooks that ran around them. */
    public DbtTestResults withHooks(List<HookResult> hooks) {
        return new DbtTestResults(results, hooks);
    }

    /** The result of the test named {@code name}; throws listing the names when there is none. */
    public DbtTestResult result(String name) {
        return results.stream()
                .filter(result -> result.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no dbt test named '%s'; the tests were: %s"
                        .formatted(
                                name, results.stream().map(DbtTestResult::name).collect(Collectors.joining(", ")))));
    }

    /** How many results have {@code status}. */
    public long count(DbtTestStatus status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    /** Whether any test failed or errored (warnings do not fail a run). */
    public boolean hasFailures() {
        return results.stream().anyMatch(result -> result.status().failsRun());
    }
}
