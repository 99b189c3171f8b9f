package dev.pgtrickle.test.harness.catalog;

import java.util.List;

/** Thrown when the condition being waited for did not hold within the timeout. */
public final class StreamTableTimeoutException extends StreamTableWaitException {

    StreamTableTimeoutException(String message, List<StreamTableState> lastObserved, Throwable lastFailure) {
        super(message, lastObserved, lastFailure);
    }
}
