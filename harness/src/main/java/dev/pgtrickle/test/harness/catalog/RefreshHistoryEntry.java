package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One row of {@code pgtrickle.pgt_refresh_history}.
 *
 * @param refreshId increasing id
 * @param action {@code NO_DATA}, {@code FULL}, {@code DIFFERENTIAL}, {@code REINITIALIZE} or {@code SKIP}
 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code SKIPPED}
 * @param initiatedBy {@code SCHEDULER}, {@code MANUAL} or {@code INITIAL}, when recorded
 * @param startTime when the refresh started
 * @param endTime when it ended; empty while running
 * @param rowsInserted rows inserted into the stream table
 * @param rowsDeleted rows deleted from the stream table
 * @param errorMessage the error of a failed refresh
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RefreshHistoryEntry(
        long refreshId,
        String action,
        String status,
        Optional<String> initiatedBy,
        Instant startTime,
        Optional<Instant> endTime,
        long rowsInserted,
        long rowsDeleted,
        Optional<String> errorMessage) {

    /** A one-line summary for messages. */
    public String summary() {
        return "#%d %s %s %s by %s, +%d/-%d rows%s"
                .formatted(
                        refreshId,
                        startTime,
                        action,
                        status,
                        initiatedBy.orElse("?"),
                        rowsInserted,
                        rowsDeleted,
                        errorMessage.map(message -> ", error: " + message).orElse(""));
    }
}
