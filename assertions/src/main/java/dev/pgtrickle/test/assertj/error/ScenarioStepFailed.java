package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import org.apiguardian.api.API;

/** The failure of one step of a stream table scenario: which step, what it did, the row diff and the table's state. */
@API(status = INTERNAL, since = "0.1")
public final class ScenarioStepFailed {

    private ScenarioStepFailed() {}

    /**
     * The message.
     *
     * @param model the scenario's model
     * @param table the stream table's name
     * @param step {@code step 2 'order 2 is cancelled'}
     * @param did what the step did ({@code update shop.orders set ...; refresh})
     * @param diff expected against actual rows
     * @param state the stream table's state when the check failed
     * @param waited {@code after a refresh}, {@code after waiting 60s for the scheduler}, ...
     */
    public static String message(
            String model, String table, String step, String did, RowDiff diff, StreamTableState state, String waited) {
        String nl = System.lineSeparator();
        return "stream table scenario for %s failed at %s (%s):%n  stream table %s %s: %s.%nactual:%n%s%nexpected:%n%s%n%s%n%s"
                        .formatted(
                                model,
                                step,
                                did,
                                table,
                                waited,
                                diff.summary(),
                                diff.actualTable(),
                                diff.expectedTable(),
                                RowDiff.LEGEND,
                                StateText.of(state))
                + nl;
    }
}
