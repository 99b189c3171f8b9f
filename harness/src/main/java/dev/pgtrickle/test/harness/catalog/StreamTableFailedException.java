package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Thrown instead of waiting out the timeout when a stream table being waited for turned {@code ERROR} or {@code
 * SUSPENDED}, or its {@code consecutive_errors} grew: the scheduler will not fix that by itself.
 */
@API(status = STABLE, since = "0.1")
public final class StreamTableFailedException extends StreamTableWaitException {

    StreamTableFailedException(String message, List<StreamTableState> lastObserved) {
        super(message, lastObserved, null);
    }
}
