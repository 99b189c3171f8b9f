package dev.pgtrickle.test.assertj.error;

import static dev.pgtrickle.test.assertj.error.ShouldHaveModel.shouldHaveModel;
import static dev.pgtrickle.test.assertj.error.ShouldHaveNoFailures.shouldHaveNoFailures;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRunAction.shouldHaveRunAction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.Relation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins ShouldHaveRunAction, ShouldHaveNoFailures and ShouldHaveModel. */
class RunResultMessagesTests {

    static ModelRunResult result(String model, RunAction action, Optional<RecreateReason> reason, String error) {
        return new ModelRunResult(
                model,
                relation(model),
                "stream_table",
                action,
                reason,
                action == RunAction.ALTERED
                        ? Map.of("schedule", new ModelRunResult.SettingChange("1m", "5m"))
                        : Map.of(),
                "SELECT 1",
                Duration.ofMillis(5),
                Optional.ofNullable(error));
    }

    static Relation relation(String model) {
        return new Relation("public", model);
    }

    @Test
    void shouldHaveRunActionWithReasonAndSettings() {
        assertThat(shouldHaveRunAction(
                                result("order_totals", RunAction.ALTERED, Optional.empty(), null),
                                RunAction.RECREATED,
                                Optional.of(RecreateReason.QUERY_CHANGED))
                        .create())
                .isEqualTo(
                        """

                        Expecting model order_totals to have been run with action:
                          RECREATED (QUERY_CHANGED)
                        but it was:
                          ALTERED
                        changed settings: schedule 1m -> 5m""");
    }

    @Test
    void shouldHaveRunActionWithError() {
        assertThat(shouldHaveRunAction(
                                result("x", RunAction.ERROR, Optional.empty(), "syntax error at or near \"SELEC\""),
                                RunAction.CREATED,
                                Optional.empty())
                        .create())
                .isEqualTo(
                        """

                        Expecting model x to have been run with action:
                          CREATED
                        but it was:
                          ERROR
                        error: syntax error at or near "SELEC\"""");
    }

    @Test
    void shouldHaveNoFailuresListsFailedModels() {
        RunResults run = new RunResults(java.util.List.of(
                result("a", RunAction.CREATED, Optional.empty(), null),
                result("b", RunAction.ERROR, Optional.empty(), "division by zero")));

        assertThat(shouldHaveNoFailures(run).create())
                .isEqualTo("\nExpecting the run to have no failures, but these models failed:\n  b: division by zero");
    }

    @Test
    void shouldHaveModelListsTheModelsThatRan() {
        RunResults run = new RunResults(java.util.List.of(
                result("a", RunAction.CREATED, Optional.empty(), null),
                result("b", RunAction.UNCHANGED, Optional.empty(), null)));

        assertThat(shouldHaveModel(run, "c").create())
                .isEqualTo("\nExpecting the run to have a result for model:\n  c\nbut it only ran:\n  a, b");
    }
}
