package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.NodeOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * One line of a run: a seed, model, dbt test or operation and how it ended.
 *
 * @param type {@code seed}, {@code model}, {@code test} or {@code operation}
 * @param name the node's name
 * @param status {@code OK}, {@code PASS}, {@code WARN}, {@code FAIL}, {@code ERROR} or {@code SKIP}
 * @param detail a short note (rows loaded, action taken)
 * @param elapsed wall time
 * @param message the failure, warning or skip reason
 */
record NodeReport(String type, String name, String status, String detail, Duration elapsed, Optional<String> message) {

    /**
     * A seed or model of an operation command's build, printed as the build command prints it: a skipped node shows
     * only its reason, as the engine reports a skip.
     */
    static NodeReport of(NodeOutcome outcome) {
        return switch (outcome.status()) {
            case OK ->
                new NodeReport(
                        outcome.type(), outcome.name(), "OK", outcome.detail(), outcome.elapsed(), outcome.message());
            case ERROR ->
                new NodeReport(
                        outcome.type(),
                        outcome.name(),
                        "ERROR",
                        outcome.detail(),
                        outcome.elapsed(),
                        outcome.message());
            case SKIPPED ->
                new NodeReport(outcome.type(), outcome.name(), "SKIP", "", Duration.ZERO, outcome.message());
        };
    }

    boolean passed() {
        return status.equals("OK") || status.equals("PASS");
    }

    boolean failed() {
        return status.equals("FAIL") || status.equals("ERROR");
    }

    boolean skipped() {
        return !passed() && !failed();
    }
}
