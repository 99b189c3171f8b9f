package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A stream table is not healthy (ACTIVE, populated, no consecutive errors, not overdue). The failure lists every
 * reason at once, so one run tells everything that is wrong.
 */
@API(status = INTERNAL, since = "0.1")
public final class ShouldBeHealthy extends BasicErrorMessageFactory {

    /** The expected side of a health failure, in the shape of {@link #facets(StreamTableState)}. */
    public static final String HEALTHY_FACETS = "status ACTIVE, populated true, consecutive errors 0, fresh true";

    private ShouldBeHealthy(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Why the table is not healthy, one phrase per reason; empty when it is healthy. This is the health rule itself,
     * kept next to its wording so the check and the message cannot drift apart.
     *
     * @param state the table's state, read once
     * @param fresh whether the table passes {@code isFresh()}'s rule ({@link StreamTableState#fresh()})
     * @return the reasons, in a fixed order: status, populated, errors, overdue
     */
    public static List<String> reasons(StreamTableState state, boolean fresh) {
        List<String> reasons = new ArrayList<>();
        if (!state.active()) {
            reasons.add("its status is " + state.status() + ", not ACTIVE");
        }
        if (!state.populated()) {
            reasons.add("it is not populated (is_populated is false)");
        }
        if (state.consecutiveErrors() != 0) {
            reasons.add("it has " + state.consecutiveErrors() + " consecutive errors");
        }
        if (!fresh) {
            reasons.add(ShouldBeFresh.staleReason(state));
        }
        return reasons;
    }

    /** The actual side of a health failure: the four facets the health rule looks at, for IDEs to diff. */
    public static String facets(StreamTableState state) {
        return "status %s, populated %s, consecutive errors %d, fresh %s"
                .formatted(state.status(), state.populated(), state.consecutiveErrors(), state.fresh());
    }

    /**
     * The failure for an unhealthy table.
     *
     * @param state the table's state, the one {@code reasons} were read from
     * @param reasons the reasons from {@link #reasons(StreamTableState, boolean)}
     * @return the message factory
     */
    public static ErrorMessageFactory shouldBeHealthy(StreamTableState state, List<String> reasons) {
        String lines = String.join(
                System.lineSeparator(),
                reasons.stream().map(reason -> "  - " + reason).toList());
        return new ShouldBeHealthy(
                "%nExpecting stream table %s to be healthy (ACTIVE, populated, no consecutive errors, not overdue),"
                        + " but:%n%s%n%s",
                unquotedString(state.qualifiedName()), unquotedString(lines), unquotedString(StateText.of(state)));
    }
}
