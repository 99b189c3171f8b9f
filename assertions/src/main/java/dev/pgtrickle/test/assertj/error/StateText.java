package dev.pgtrickle.test.assertj.error;

import dev.pgtrickle.test.harness.catalog.StreamTableState;
import java.time.Duration;
import java.time.Instant;

/** How a stream table's state is shown in failure messages. */
final class StateText {

    private StateText() {}

    /** The lines under a failure that say what the table looked like, indented by two spaces. */
    static String of(StreamTableState state) {
        return "  status: %s, populated: %s, consecutive errors: %d, last refresh at: %s%n  last error: %s"
                .formatted(
                        state.status(),
                        state.populated(),
                        state.consecutiveErrors(),
                        state.lastRefreshAt().map(Instant::toString).orElse("never"),
                        state.lastErrorMessage()
                                .map(message -> message
                                        + state.lastErrorAt()
                                                .map(at -> " (at " + at + ")")
                                                .orElse(""))
                                .orElse("none"));
    }

    /** A duration as pg_trickle users read it: {@code 1.5s}, {@code 2m 3.0s}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return "%.1fs".formatted(millis / 1000.0);
        }
        return "%dm %.1fs".formatted(millis / 60_000, (millis % 60_000) / 1000.0);
    }

    /** Indent every line of {@code text} by two spaces. */
    static String indent(String text) {
        return "  " + text.replaceAll("\\R", System.lineSeparator() + "  ");
    }
}
