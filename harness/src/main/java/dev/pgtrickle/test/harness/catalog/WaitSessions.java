package dev.pgtrickle.test.harness.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The database sessions of one wait of {@link StreamTableWaiter}: one {@link WaitSession} per database the awaited
 * tables are in, so that each table is read on its own database. Tables made from one project database (or from one
 * connection factory) share a session: the common wait for the stream tables of one project opens one connection.
 *
 * <p>A pause with one session listens on it. With several, it listens on each in turn for a short slice: pgjdbc waits
 * for notifications on one connection at a time, and an alert that arrives on another one in the meantime is kept by
 * the server until that connection's turn, so it ends the pause at most a slice late.
 */
final class WaitSessions implements AutoCloseable {

    /** How long a pause over several listening sessions listens on one before it looks at the next. */
    private static final Duration SLICE = Duration.ofMillis(20);

    private final List<WaitSession> sessions = new ArrayList<>();
    private final List<StreamTable> firstOfEach = new ArrayList<>();
    private final Map<StreamTable, WaitSession> byTable = new IdentityHashMap<>();

    /**
     * @param tables the awaited stream tables
     * @param listen whether to listen at all; without it every pause is a sleep (pure polling)
     */
    WaitSessions(List<StreamTable> tables, boolean listen) {
        List<List<StreamTable>> groups = new ArrayList<>();
        for (StreamTable table : tables) {
            groups.stream()
                    .filter(group -> group.get(0).sameConnectionSource(table))
                    .findFirst()
                    .orElseGet(() -> {
                        List<StreamTable> group = new ArrayList<>();
                        groups.add(group);
                        return group;
                    })
                    .add(table);
        }
        for (List<StreamTable> group : groups) {
            WaitSession session = new WaitSession(List.copyOf(group), listen);
            sessions.add(session);
            firstOfEach.add(group.get(0));
            group.forEach(table -> byTable.put(table, session));
        }
    }

    /**
     * Open each session, once. Returns {@code true} when one has just begun to listen: the caller then looks again at
     * once, since a change committed between its last look and the {@code LISTEN} was not announced to it.
     */
    boolean start() {
        boolean begunToListen = false;
        for (WaitSession session : sessions) {
            begunToListen |= session.start();
        }
        return begunToListen;
    }

    /** The state of {@code table}, read over its database's session when that is open, else over a new connection. */
    StreamTableState state(StreamTable table) {
        return byTable.get(table).state(table);
    }

    /** One awaited table per database (for what is read once per database, such as the lock waits). */
    List<StreamTable> onePerDatabase() {
        return List.copyOf(firstOfEach);
    }

    /**
     * Wait up to {@code atMost} for an alert about one of the awaited tables.
     *
     * @return whether one came; {@code false} when the time passed without one
     */
    boolean await(Duration atMost) {
        if (sessions.size() == 1) {
            return sessions.get(0).await(atMost);
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            List<WaitSession> listening =
                    sessions.stream().filter(WaitSession::listening).toList();
            if (listening.isEmpty()) {
                WaitSession.sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
                return false;
            }
            for (WaitSession session : listening) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                if (session.await(left.compareTo(SLICE) < 0 ? left : SLICE)) {
                    return true;
                }
            }
        }
    }

    /** Close every session that is open. */
    @Override
    public void close() {
        sessions.forEach(WaitSession::close);
    }
}
