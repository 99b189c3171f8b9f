package dev.pgtrickle.test.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture classes through the Jupiter engine and reads what failed. */
final class EngineRuns {

    private EngineRuns() {}

    static EngineExecutionResults execute(Class<?> fixture) {
        return execute(fixture, Map.of());
    }

    static EngineExecutionResults execute(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    static EngineExecutionResults executeAll(List<Class<?>> fixtures, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(configuration)
                .selectors(
                        fixtures.stream().map(fixture -> selectClass(fixture)).toList())
                .execute();
    }

    /** The one exception that failed a container (a class) in the run. */
    static Throwable singleContainerFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.containerEvents().failed().stream()
                .map(EngineRuns::throwable)
                .toList();
        if (failures.size() != 1) {
            throw new AssertionError("expected one failed container, got " + failures);
        }
        return failures.get(0);
    }

    /** The exceptions that failed tests in the run. */
    static List<Throwable> testFailures(EngineExecutionResults results) {
        return results.testEvents().failed().stream().map(EngineRuns::throwable).toList();
    }

    private static Throwable throwable(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class)
                .getThrowable()
                .orElseThrow();
    }
}
