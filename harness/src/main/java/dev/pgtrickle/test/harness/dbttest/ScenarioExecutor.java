package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.ScenarioDeclaration;

/**
 * Runs a change scenario declared in YAML against the project's database. The engine supplies one bound to its
 * session; the scenario machinery itself is the assertions module's {@code StreamTableScenario}.
 */
@FunctionalInterface
public interface ScenarioExecutor {

    /** For a suite that cannot run scenarios: each one fails, saying why. */
    ScenarioExecutor UNAVAILABLE = scenario -> {
        throw new IllegalStateException("change scenarios cannot run here: no project session to run them in");
    };

    /**
     * Run {@code scenario}.
     *
     * @throws AssertionError when the stream table's rows differ from a step's expectation (the test fails)
     * @throws RuntimeException for bad input (an unknown input or column, a model that is not a stream table) or a
     *     change the database refused (the test is an error)
     */
    void run(ScenarioDeclaration scenario);
}
