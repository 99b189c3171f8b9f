package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Thrown instead of waiting out the timeout when a stream table being waited for is {@code ERROR} or {@code
 * SUSPENDED}, or (unless the wait uses {@link StreamTableWaiter.FailFast#ON_BROKEN_STATUS}) its {@code
 * consecutive_errors} grew: the scheduler will not fix that by itself.
 */
@API(status = STABLE, since = "0.1")
public final class StreamTableFailedException extends StreamTableWaitException {

    StreamTableFailedException(
            String message, List<StreamTableState> lastObserved, Throwable lastFailure, int attempts, Duration waited) {
        super(message, lastObserved, lastFailure, attempts, waited);
    }
}
