package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.ScenarioDeclaration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The change scenarios of a suite: finds a scenario test's declaration and turns what its run did into a dbt test
 * result (a step whose rows differ fails, bad input is an error, both with the scenario's own message).
 */
final class ScenarioTests {

    private final Map<String, ScenarioDeclaration> byId = new LinkedHashMap<>();
    private final ScenarioExecutor executor;

    ScenarioTests(String projectName, Iterable<ScenarioDeclaration> scenarios, ScenarioExecutor executor) {
        scenarios.forEach(
                scenario -> byId.putIfAbsent(DbtTestDeclarations.scenarioId(projectName, scenario), scenario));
        this.executor = executor;
    }

    DbtTestResult run(DbtTest test) {
        long start = System.nanoTime();
        ScenarioDeclaration scenario = byId.get(test.uniqueId());
        if (scenario == null) {
            return result(test, DbtTestStatus.ERROR, start, "no scenario " + test.uniqueId() + " in the project");
        }
        if (scenario.problem().isPresent()) {
            return result(test, DbtTestStatus.ERROR, start, scenario.problem().get());
        }
        try {
            executor.run(scenario);
            return new DbtTestResult(
                    test, DbtTestStatus.PASS, 0, FailingRows.none(), "", since(start), Optional.empty());
        } catch (AssertionError e) {
            return result(test, DbtTestStatus.FAIL, start, e.getMessage());
        } catch (RuntimeException e) {
            return result(test, DbtTestStatus.ERROR, start, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static DbtTestResult result(DbtTest test, DbtTestStatus status, long start, String message) {
        return new DbtTestResult(
                test,
                status,
                status == DbtTestStatus.FAIL ? 1 : 0,
                FailingRows.none(),
                "",
                since(start),
                Optional.of(message));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
