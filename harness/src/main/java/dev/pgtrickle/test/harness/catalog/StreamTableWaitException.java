package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Thrown when waiting for stream tables ends without the condition holding: one of them failed ({@link
 * StreamTableFailedException}) or time ran out ({@link StreamTableTimeoutException}). The message shows the last
 * observed state of each table and its recent refresh history.
 */
@API(status = STABLE, since = "0.1")
public abstract sealed class StreamTableWaitException extends RuntimeException
        permits StreamTableFailedException, StreamTableTimeoutException {

    private final transient List<StreamTableState> lastObserved;

    StreamTableWaitException(String message, List<StreamTableState> lastObserved, Throwable cause) {
        super(message, cause);
        this.lastObserved = List.copyOf(lastObserved);
    }

    /** The last state read of each table that was being waited for (empty if none could be read). */
    public List<StreamTableState> lastObserved() {
        return lastObserved;
    }
}
