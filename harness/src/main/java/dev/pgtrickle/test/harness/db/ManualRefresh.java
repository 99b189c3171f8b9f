package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code pgtrickle.refresh_stream_table(name)} that really refreshes.
 *
 * <p>While another refresh of the same stream table runs (usually the scheduler's), pg_trickle (from 0.19.0, and the
 * emulation) answers with the NOTICE {@code refresh skipped: s.n — another refresh is already in progress} and returns
 * <em>without</em> refreshing. A caller that reads the table right after would see the contents from before its own
 * writes, so every manual refresh the harness makes goes through here: it calls again, with a short pause, until a
 * call is not skipped. The running refresh is a single transaction, so this takes a scheduler tick or two.
 */
public final class ManualRefresh {

    /** The start of the NOTICE a skipped refresh sends. */
    public static final String SKIPPED = "refresh skipped:";

    /** How long to keep calling while refreshes keep being skipped; far above one scheduled refresh. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private ManualRefresh() {}

    /**
     * Refresh {@code qualifiedName} ({@code schema.name}) now, calling again while the call is skipped.
     *
     * @throws SQLException the refresh's own error, or one saying it was skipped for longer than a minute
     */
    public static void run(Connection connection, String qualifiedName) throws SQLException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pauseMillis = 20;
        while (skipped(connection, qualifiedName)) {
            if (System.nanoTime() > deadline) {
                throw new SQLException(("refresh of stream table %s was skipped for %d s: another refresh of it kept"
                                + " running (pg_trickle's NOTICE '%s … another refresh is already in progress')")
                        .formatted(qualifiedName, PATIENCE.toSeconds(), SKIPPED));
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    /** One call; whether pg_trickle skipped it. */
    private static boolean skipped(Connection connection, String qualifiedName) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pgtrickle.refresh_stream_table(?)")) {
            statement.setString(1, qualifiedName);
            statement.execute();
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                if (w.getMessage() != null && w.getMessage().startsWith(SKIPPED)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void sleep(long millis) throws SQLException {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to refresh a stream table", e);
        }
    }
}
