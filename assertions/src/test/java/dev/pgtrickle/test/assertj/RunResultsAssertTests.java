package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.PgTrickleAssertions.assertThat;
import static dev.pgtrickle.test.assertj.error.ShouldHaveModel.shouldHaveModel;
import static dev.pgtrickle.test.assertj.error.ShouldHaveNoFailures.shouldHaveNoFailures;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRunAction.shouldHaveRunAction;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import dev.pgtrickle.test.harness.materialize.RunResults;
import dev.pgtrickle.test.harness.project.Relation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RunResultsAssert and ModelRunResultAssert")
class RunResultsAssertTests {

    static ModelRunResult result(String model, RunAction action, RecreateReason reason, String error) {
        return new ModelRunResult(
                model,
                new Relation("public", model),
                "stream_table",
                action,
                Optional.ofNullable(reason),
                Map.of(),
                "SELECT 1",
                Duration.ofMillis(3),
                Optional.ofNullable(error));
    }

    private static final ModelRunResult CREATED = result("created", RunAction.CREATED, null, null);
    private static final ModelRunResult ALTERED = result("altered", RunAction.ALTERED, null, null);
    private static final ModelRunResult RECREATED =
            result("recreated", RunAction.RECREATED, RecreateReason.QUERY_CHANGED, null);
    private static final ModelRunResult REPLACED = result("replaced", RunAction.REPLACED, null, null);
    private static final ModelRunResult UNCHANGED = result("unchanged", RunAction.UNCHANGED, null, null);
    private static final ModelRunResult SKIPPED = result("skipped", RunAction.SKIPPED, null, null);
    private static final ModelRunResult FAILED = result("failed", RunAction.ERROR, null, "division by zero");

    private static final RunResults RUN =
            new RunResults(List.of(CREATED, ALTERED, RECREATED, REPLACED, UNCHANGED, SKIPPED, FAILED));

    @Test
    void eachActionPasses() {
        assertThat(RUN).model("created").wasCreated();
        assertThat(RUN).model("altered").wasAltered();
        assertThat(RUN).model("recreated").wasRecreated().wasRecreated(RecreateReason.QUERY_CHANGED);
        assertThat(RUN).model("replaced").wasReplaced();
        assertThat(RUN).model("unchanged").wasUnchanged();
        assertThat(RUN).model("skipped").wasSkipped();
        assertThat(FAILED).failed();
    }

    @Test
    void anotherActionFails() {
        AssertionError error = catchThrowableOfType(
                AssertionError.class, () -> assertThat(UNCHANGED).wasCreated());

        then(error)
                .hasMessage(shouldHaveRunAction(UNCHANGED, RunAction.CREATED, Optional.empty())
                        .create());
    }

    @Test
    void anotherRecreateReasonFails() {
        AssertionError error = catchThrowableOfType(
                AssertionError.class, () -> assertThat(RECREATED).wasRecreated(RecreateReason.FULL_REFRESH));

        then(error)
                .hasMessage(
                        shouldHaveRunAction(RECREATED, RunAction.RECREATED, Optional.of(RecreateReason.FULL_REFRESH))
                                .create());
    }

    @Test
    void navigationDescribesTheModel() {
        AssertionError error = catchThrowableOfType(
                AssertionError.class, () -> assertThat(RUN).model("failed").wasCreated());

        then(error).hasMessageStartingWith("[model failed] ").hasMessageEndingWith("error: division by zero");
    }

    @Test
    void unknownModelFailsListingTheModels() {
        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(RUN).model("nope"));

        then(error).hasMessage(shouldHaveModel(RUN, "nope").create());
    }

    @Test
    void hasNoFailures() {
        assertThat(new RunResults(List.of(CREATED, UNCHANGED))).hasNoFailures();

        AssertionError error =
                catchThrowableOfType(AssertionError.class, () -> assertThat(RUN).hasNoFailures());

        then(error).hasMessage(shouldHaveNoFailures(RUN).create());
    }
}
