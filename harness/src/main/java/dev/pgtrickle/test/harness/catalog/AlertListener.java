package dev.pgtrickle.test.harness.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pause between two looks at the catalog during one wait of {@link StreamTableWaiter}: it ends as soon as
 * pg_trickle announces something about one of the awaited stream tables on its {@value #CHANNEL} channel, and otherwise
 * when the poll interval is over, so a change the extension does not announce is still seen by polling.
 *
 * <p>The listening connection is opened only when a wait does not hold at its first look (a table that is ready at once
 * costs one query, as before), on a connection of its own named {@value #APPLICATION_NAME} in {@code
 * pg_stat_activity}; {@link #close()} closes it. A connection that is not pgjdbc's, or that breaks, turns the pauses
 * into plain sleeps: listening only ever makes a wait shorter, never changes what it waits for.
 */
final class AlertListener implements AutoCloseable {

    /** The channel pg_trickle's alerts ({@code refresh_completed}, {@code resumed}, ...) are sent on. */
    static final String CHANNEL = "pg_trickle_alert";

    /** The listening connection's name in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "pgtrickle-test waiter";

    private static final Logger LOG = LoggerFactory.getLogger(AlertListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<StreamTable> tables;
    private final boolean enabled;
    private boolean started;
    private Connection connection;
    private PGConnection notifications;
    private Set<String> names;

    /**
     * @param tables the awaited stream tables: only alerts naming one of them end a pause
     * @param enabled whether to listen at all; without it every pause is a sleep (pure polling)
     */
    AlertListener(List<StreamTable> tables, boolean enabled) {
        this.tables = tables;
        this.enabled = enabled;
    }

    /**
     * Start listening, once. Returns {@code true} when listening has just begun: the caller then looks again at once,
     * since a change committed between its last look and the {@code LISTEN} was not announced to this connection.
     */
    synchronized boolean start() {
        if (started || !enabled) {
            return false;
        }
        started = true;
        try {
            connection = tables.get(0).openConnection();
            notifications = connection.unwrap(PGConnection.class);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
                statement.execute("LISTEN " + CHANNEL);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("not listening for pg_trickle alerts, polling only: {}", e.getMessage());
            close();
            return false;
        }
    }

    /**
     * Wait up to {@code atMost} for an alert about one of the awaited tables.
     *
     * @return whether one came; {@code false} when the time passed without one
     */
    synchronized boolean await(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                return false;
            }
            if (notifications == null) {
                sleep(remainingMillis);
                return false;
            }
            try {
                // Blocks until a notification arrives or the time is over (0 would mean forever: never passed).
                PGNotification[] batch =
                        notifications.getNotifications((int) Math.min(remainingMillis, Integer.MAX_VALUE));
                if (batch != null) {
                    for (PGNotification notification : batch) {
                        if (concernsAwaitedTable(notification)) {
                            return true;
                        }
                    }
                }
            } catch (SQLException e) {
                LOG.debug("listening for pg_trickle alerts failed, polling only from now: {}", e.getMessage());
                close();
            }
        }
    }

    /** An alert names its stream table in {@code st} ({@code schema.name}); alerts about slots name none. */
    private boolean concernsAwaitedTable(PGNotification notification) {
        if (!CHANNEL.equals(notification.getName())) {
            return false;
        }
        if (names == null) {
            // Resolved by now: the wait read every table's state before it started listening.
            names = tables.stream().map(StreamTable::qualifiedName).collect(Collectors.toUnmodifiableSet());
        }
        try {
            JsonNode table = JSON.readTree(notification.getParameter()).get("st");
            return table != null && names.contains(table.asText());
        } catch (IOException e) {
            // Not the JSON pg_trickle sends: look again rather than miss a change.
            return true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // The wait is over (its timeout cancelled the attempt); the caller sees the flag.
            Thread.currentThread().interrupt();
        }
    }

    /** Close the listening connection, if any; the session's {@code LISTEN} ends with it. */
    @Override
    public synchronized void close() {
        notifications = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the pg_trickle alert listener failed: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
