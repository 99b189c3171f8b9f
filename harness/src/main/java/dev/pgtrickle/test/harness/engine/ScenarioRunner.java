package dev.pgtrickle.test.harness.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.project.ScenarioDeclaration;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/**
 * Runs a change scenario declared in YAML on a project: the seam between the harness, which reads the declarations
 * and counts them among the project's tests, and the assertions module, whose {@code StreamTableScenario} is the one
 * implementation of scenarios (the harness cannot depend on it). Found with {@link ServiceLoader}; the assertions
 * module registers its implementation.
 */
@API(status = INTERNAL, since = "0.1")
public interface ScenarioRunner {

    /**
     * Run {@code scenario} on {@code project}'s database.
     *
     * @throws AssertionError when a step's rows differ
     * @throws RuntimeException for bad input or a change the database refused
     */
    void run(ProjectHandle project, ScenarioDeclaration scenario);

    /**
     * The implementation on the class path; without one, a runner whose every scenario fails saying which dependency
     * is missing (never a scenario silently left out).
     */
    static ScenarioRunner find() {
        Iterator<ScenarioRunner> found = ServiceLoader.load(ScenarioRunner.class, ScenarioRunner.class.getClassLoader())
                .iterator();
        if (found.hasNext()) {
            return found.next();
        }
        return (project, scenario) -> {
            throw new IllegalStateException(
                    "%s: scenario '%s' of model %s needs pgtrickle-test-assertions on the class path to run (add the dependency dev.pgtrickle:pgtrickle-test-assertions)"
                            .formatted(scenario.location(scenario.line()), scenario.name(), scenario.model()));
        };
    }
}
