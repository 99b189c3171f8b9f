package dev.pgtrickle.test.harness.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions of a database that wait for a lock, each with the session holding it and that session's query, from
 * {@code pg_blocking_pids} and {@code pg_stat_activity}: a wait that timed out because a refresh was blocked (a test's
 * open transaction holding a lock, a forgotten {@code LOCK TABLE}) says who blocked it, not only that nothing happened.
 */
final class LockWaits {

    private static final String QUERY =
            """
            SELECT waiting.pid, coalesce(waiting.backend_type, ''), left(coalesce(waiting.query, ''), 200),
                   holder.pid, coalesce(holder.state, ''), left(coalesce(holder.query, ''), 200),
                   coalesce(extract(epoch FROM now() - holder.xact_start), 0)
            FROM pg_stat_activity waiting
            CROSS JOIN LATERAL unnest(pg_blocking_pids(waiting.pid)) AS blocking(pid)
            JOIN pg_stat_activity holder ON holder.pid = blocking.pid
            WHERE waiting.datname = current_database() AND waiting.pid <> pg_backend_pid()
            ORDER BY waiting.pid, holder.pid
            """;

    private LockWaits() {}

    /** One line per blocked session and blocker, empty when nothing waits for a lock. */
    static List<String> describe(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
                lines.add("session %d (%s) running '%s' waits for a lock held by session %d (%s for %.1fs): '%s'"
                        .formatted(
                                rows.getInt(1),
                                rows.getString(2),
                                oneLine(rows.getString(3)),
                                rows.getInt(4),
                                rows.getString(5),
                                rows.getDouble(7),
                                oneLine(rows.getString(6))));
            }
        }
        return lines;
    }

    private static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
