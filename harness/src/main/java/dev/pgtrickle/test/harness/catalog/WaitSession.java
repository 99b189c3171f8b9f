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
 * The session of one wait of {@link StreamTableWaiter} on one database (a wait has one per database its tables are in:
 * {@link WaitSessions}), opened when the wait does not hold at its first look (a
 * table that is ready at once costs one query on a connection of its own, as before) and closed when the wait ends.
 * Its later looks at the catalog reuse it instead of opening a connection each (opening one costs more than the look),
 * and the pauses between them happen on it: when listening, a pause ends as soon as pg_trickle announces something
 * about one of the awaited stream tables on its {@value #CHANNEL} channel, otherwise when the poll interval is over,
 * so a change the extension does not announce is still seen by polling.
 *
 * <p>In {@code pg_stat_activity} the session is named {@value #LISTENING} once its {@code LISTEN} is in effect, {@value
 * #POLLING} when it does not listen. A connection that is not pgjdbc's, or whose {@code LISTEN} fails, makes the pauses
 * plain sleeps: listening only ever makes a wait shorter, never changes what it waits for.
 */
final class WaitSession implements AutoCloseable {

    /** The channel pg_trickle's alerts ({@code refresh_completed}, {@code resumed}, ...) are sent on. */
    static final String CHANNEL = "pg_trickle_alert";

    /** The session's {@code application_name} once it listens on {@link #CHANNEL}. */
    static final String LISTENING = "pgtrickle-test waiter (listening)";

    /** The session's {@code application_name} when it only polls. */
    static final String POLLING = "pgtrickle-test waiter";

    private static final Logger LOG = LoggerFactory.getLogger(WaitSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<StreamTable> tables;
    private final boolean listen;
    // One wait's looks and pauses run one after the other on one thread; only close() may come from another (the
    // waiting thread, when a look outlasted the timeout), so nothing is locked: a look on a session closed under it
    // fails, and that failure is no longer awaited by anyone.
    private boolean started;
    private volatile Connection connection;
    private volatile PGConnection notifications;
    private Set<String> names;

    /**
     * @param tables the awaited stream tables of one database: only alerts naming one of them end a pause
     * @param listen whether to listen at all; without it every pause is a sleep (pure polling)
     */
    WaitSession(List<StreamTable> tables, boolean listen) {
        this.tables = tables;
        this.listen = listen;
    }

    /**
     * Open the session, once. Returns {@code true} when it has just begun to listen: the caller then looks again at
     * once, since a change committed between its last look and the {@code LISTEN} was not announced to it.
     */
    boolean start() {
        if (started) {
            return false;
        }
        started = true;
        try {
            connection = tables.get(0).openConnection();
            // A LISTEN takes effect at commit, and each look must see what was committed since the last.
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                if (listen) {
                    notifications = connection.unwrap(PGConnection.class);
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Named only now, so that a session named LISTENING is one whose LISTEN is in effect.
                statement.execute("SET application_name = '" + (notifications != null ? LISTENING : POLLING) + "'");
            }
            return notifications != null;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("no session of its own for a wait, polling over new connections: {}", e.getMessage());
            close();
            return false;
        }
    }

    /** Whether a pause listens for alerts (else it sleeps): the session is open and its {@code LISTEN} works. */
    boolean listening() {
        return notifications != null;
    }

    /** The state of {@code table}, read over this session when it is open, else over a new connection. */
    StreamTableState state(StreamTable table) {
        Connection open = connection;
        return open == null ? table.state() : table.state(open);
    }

    /**
     * Wait up to {@code atMost} for an alert about one of the awaited tables.
     *
     * @return whether one came; {@code false} when the time passed without one
     */
    boolean await(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                return false;
            }
            PGConnection listening = notifications;
            if (listening == null) {
                sleep(remainingMillis);
                return false;
            }
            try {
                // Blocks until a notification arrives or the time is over (0 would mean forever: never passed).
                // Alerts that arrived while a look ran on this session were kept by the driver and come back at once.
                PGNotification[] batch = listening.getNotifications((int) Math.min(remainingMillis, Integer.MAX_VALUE));
                if (batch != null) {
                    for (PGNotification notification : batch) {
                        if (concernsAwaitedTable(notification)) {
                            return true;
                        }
                    }
                }
            } catch (SQLException e) {
                LOG.debug("listening for pg_trickle alerts failed, polling only from now: {}", e.getMessage());
                notifications = null;
            }
        }
    }

    /** An alert names its stream table in {@code st} ({@code schema.name}); alerts about slots name none. */
    private boolean concernsAwaitedTable(PGNotification notification) {
        if (!CHANNEL.equals(notification.getName())) {
            return false;
        }
        if (names == null) {
            // Resolved by now: the wait read every table's state before it opened this session.
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

    /** Sleep; an interrupt ends it early and stays set for the caller to see. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // The wait is over (its timeout cancelled the attempt); the caller sees the flag.
            Thread.currentThread().interrupt();
        }
    }

    /** Close the session, if open; its {@code LISTEN} ends with it. */
    @Override
    public void close() {
        Connection open = connection;
        connection = null;
        notifications = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                LOG.debug("closing a wait's session failed: {}", e.getMessage());
            }
        }
    }
}
