package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.error.ShouldHaveRunAction.shouldHaveRunAction;
import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.materialize.ModelRunResult;
import dev.pgtrickle.test.harness.materialize.RecreateReason;
import dev.pgtrickle.test.harness.materialize.RunAction;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a run did to one model: created, altered, recreated (and why), replaced, unchanged, skipped or
 * failed. Failures show the action taken, the settings changed and the database's error.
 *
 * <pre><code class='java'> RunResults run = project.run();
 * assertThat(run).model("order_totals").wasRecreated(RecreateReason.QUERY_CHANGED);</code></pre>
 *
 * @param <SELF> the concrete assertion type
 */
@API(status = STABLE, since = "0.1")
public abstract class AbstractModelRunResultAssert<SELF extends AbstractModelRunResultAssert<SELF>>
        extends AbstractAssert<SELF, ModelRunResult> {

    /**
     * For subclasses binding {@code SELF}.
     *
     * @param actual the object under test
     * @param selfType the concrete assertion class
     */
    protected AbstractModelRunResultAssert(ModelRunResult actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that the model did not exist and was created.
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasCreated() {
        return hasAction(RunAction.CREATED, Optional.empty());
    }

    /**
     * Verifies that the stream table kept its query and had settings (schedule, refresh mode, status) altered.
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasAltered() {
        return hasAction(RunAction.ALTERED, Optional.empty());
    }

    /**
     * Verifies that the stream table was dropped and created again, for any reason.
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasRecreated() {
        return hasAction(RunAction.RECREATED, Optional.empty());
    }

    /**
     * Verifies that the stream table was dropped and created again for {@code reason}.
     *
     * <pre><code class='java'> assertThat(run).model("order_totals").wasRecreated(RecreateReason.FULL_REFRESH);</code></pre>
     *
     * @param reason why: the query changed, or the run was a full refresh
     * @return this assertion object
     * @throws AssertionError if the run took another action or recreated for another reason
     */
    public SELF wasRecreated(RecreateReason reason) {
        return hasAction(RunAction.RECREATED, Optional.of(Objects.requireNonNull(reason, "reason")));
    }

    /**
     * Verifies that a query change was applied in place ({@code create_or_replace_stream_table} or {@code
     * alter_stream_table(query => ...)}).
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasReplaced() {
        return hasAction(RunAction.REPLACED, Optional.empty());
    }

    /**
     * Verifies that nothing differed and nothing was sent to the server: the idempotent re-run.
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasUnchanged() {
        return hasAction(RunAction.UNCHANGED, Optional.empty());
    }

    /**
     * Verifies that the model was not built (an upstream model failed, or it is ephemeral).
     *
     * @return this assertion object
     * @throws AssertionError if the run took another action
     */
    public SELF wasSkipped() {
        return hasAction(RunAction.SKIPPED, Optional.empty());
    }

    /**
     * Verifies that the model failed.
     *
     * @return this assertion object
     * @throws AssertionError if the model did not fail
     */
    public SELF failed() {
        return hasAction(RunAction.ERROR, Optional.empty());
    }

    private SELF hasAction(RunAction expected, Optional<RecreateReason> reason) {
        isNotNull();
        boolean sameAction = actual.action() == expected;
        boolean sameReason = reason.isEmpty() || reason.equals(actual.recreateReason());
        if (!sameAction || !sameReason) {
            throw failureWithActualExpected(
                    actual.action()
                            + actual.recreateReason().map(r -> " (" + r + ")").orElse(""),
                    expected + reason.map(r -> " (" + r + ")").orElse(""),
                    "%s",
                    shouldHaveRunAction(actual, expected, reason).create(info.description(), info.representation()));
        }
        return myself;
    }
}
