package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Thrown when waiting for stream tables ends without the condition holding: one of them failed ({@link
 * StreamTableFailedException}) or time ran out ({@link StreamTableTimeoutException}). The message shows the last
 * observed state of each table and its recent refresh history, how long the wait lasted and how often it tried, and the
 * assertion's last failure, which is also the cause.
 */
@API(status = STABLE, since = "0.1")
public abstract sealed class StreamTableWaitException extends RuntimeException
        permits StreamTableFailedException, StreamTableTimeoutException {

    private final transient List<StreamTableState> lastObserved;
    private final int attempts;
    private final Duration waited;

    StreamTableWaitException(
            String message, List<StreamTableState> lastObserved, Throwable cause, int attempts, Duration waited) {
        super(message, cause);
        this.lastObserved = List.copyOf(lastObserved);
        this.attempts = attempts;
        this.waited = waited;
    }

    /** How often the condition was tried before the wait ended. */
    public int attempts() {
        return attempts;
    }

    /** How long the wait lasted. */
    public Duration waited() {
        return waited;
    }

    /** The condition's last failure when it was an assertion ({@code awaitAsserted}), else empty. */
    public Optional<AssertionError> lastFailure() {
        return getCause() instanceof AssertionError failure ? Optional.of(failure) : Optional.empty();
    }

    /** The last state read of each table that was being waited for (empty if none could be read). */
    public List<StreamTableState> lastObserved() {
        return lastObserved;
    }
}
