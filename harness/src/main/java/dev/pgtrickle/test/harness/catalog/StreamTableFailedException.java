package dev.pgtrickle.test.harness.catalog;

import java.util.List;

/**
 * Thrown instead of waiting out the timeout when a stream table being waited for turned {@code ERROR} or {@code
 * SUSPENDED}, or its {@code consecutive_errors} grew: the scheduler will not fix that by itself.
 */
public final class StreamTableFailedException extends StreamTableWaitException {

    StreamTableFailedException(String message, List<StreamTableState> lastObserved) {
        super(message, lastObserved, null);
    }
}
