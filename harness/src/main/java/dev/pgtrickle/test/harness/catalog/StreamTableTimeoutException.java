package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/** Thrown when the condition being waited for did not hold within the timeout. */
@API(status = STABLE, since = "0.1")
public final class StreamTableTimeoutException extends StreamTableWaitException {

    StreamTableTimeoutException(
            String message, List<StreamTableState> lastObserved, Throwable lastFailure, int attempts, Duration waited) {
        super(message, lastObserved, lastFailure, attempts, waited);
    }
}
