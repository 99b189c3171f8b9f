package dev.pgtrickle.test.harness.catalog;

import java.util.List;

/**
 * Thrown when waiting for stream tables ends without the condition holding: one of them failed ({@link
 * StreamTableFailedException}) or time ran out ({@link StreamTableTimeoutException}). The message shows the last
 * observed state of each table and its recent refresh history.
 */
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
