package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/** The results of one {@code dbt test}, in the order the tests ran. */
@API(status = STABLE, since = "0.1")
public record DbtTestResults(List<DbtTestResult> results) {

    public DbtTestResults {
        results = List.copyOf(results);
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
