package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.PollInterval;

/**
 * Waits for stream tables: it looks at the catalog, and between two looks it listens for pg_trickle's alerts on the
 * {@code pg_trickle_alert} channel, so a change the extension announces ({@code refresh_completed} after every
 * scheduled refresh, {@code resumed}, ...) is seen within milliseconds. Changes the extension does not announce (a
 * manual refresh, a table turning {@code ERROR}, rows written by a session) are seen by polling: a pause ends after 50
 * ms at first, growing by half each time up to 500 ms, unless an alert about an awaited table ends it earlier. A table
 * that is ready at once costs one query; a wait that does not hold at once opens a session of its own (one per database
 * its tables are in), which listens and serves its later looks at the catalog, and closes it when the wait ends. Awaitility runs each look, so a look
 * that blocks (on a lock) does not outlast the timeout.
 *
 * <p>It does not wait out the timeout for a table that cannot get there: when a table being waited for is {@code
 * ERROR} or {@code SUSPENDED}, or its {@code consecutive_errors} grows above what it was when waiting began, it throws
 * {@link StreamTableFailedException} at once, with the status, the last error and the recent refresh history. The
 * condition is checked before the health, so waiting for a table to reach {@code ERROR} works; a condition that is
 * itself about the status or the errors (waiting for {@code SUSPENDED}, or for a streak of errors) is awaited with
 * {@link FailFast#ON_BROKEN_STATUS}, so that errors growing on the way do not end the wait. A timeout throws {@link
 * StreamTableTimeoutException} with the last observed state. Both say how long and how often the condition was tried.
 *
 * <pre>{@code
 * StreamTableWaiter waiter = StreamTableWaiter.withTimeout(Duration.ofSeconds(30));
 * waiter.awaitPopulated(List.of(orders, totals));
 * Instant before = Instant.now();
 * insertOrders();
 * waiter.awaitRefreshAfter(totals, before);
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class StreamTableWaiter {

    /** The timeout of {@link #defaults()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** What ends a wait before its timeout, besides the condition holding. */
    public enum FailFast {
        /**
         * A table that is {@code ERROR} or {@code SUSPENDED}, or whose {@code consecutive_errors} grew since the wait
         * began: the default, for conditions about contents or refreshes.
         */
        ON_BROKEN_STATUS_OR_NEW_ERRORS,
        /**
         * Only a table that is {@code ERROR} or {@code SUSPENDED} (states the scheduler does not leave by itself) while
         * the condition does not hold: for conditions about the status or the errors themselves, which a growing
         * error streak is on the way to (waiting for {@code SUSPENDED}, or for at least n consecutive errors).
         */
        ON_BROKEN_STATUS
    }

    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);
    private static final int HISTORY_IN_MESSAGES = 5;
    private static final PollInterval NO_SLEEP = (pollCount, previous) -> Duration.ZERO;

    private final Duration timeout;
    private final Duration firstPoll;
    private final Duration longestPoll;
    private final boolean listening;

    private StreamTableWaiter(Duration timeout, Duration firstPoll, Duration longestPoll, boolean listening) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("wait timeout must be positive, was " + timeout);
        }
        if (firstPoll.isNegative() || firstPoll.isZero() || longestPoll.compareTo(firstPoll) < 0) {
            throw new IllegalArgumentException("poll intervals must be positive with first <= longest, were %s and %s"
                    .formatted(firstPoll, longestPoll));
        }
        this.timeout = timeout;
        this.firstPoll = firstPoll;
        this.longestPoll = longestPoll;
        this.listening = listening;
    }

    /** A waiter with {@link #DEFAULT_TIMEOUT}. */
    public static StreamTableWaiter defaults() {
        return withTimeout(DEFAULT_TIMEOUT);
    }

    /** A waiter that gives up after {@code timeout}. */
    public static StreamTableWaiter withTimeout(Duration timeout) {
        return new StreamTableWaiter(Objects.requireNonNull(timeout, "timeout"), FIRST_POLL, LONGEST_POLL, true);
    }

    /** The same waiter polling first after {@code first}, growing by half each poll up to {@code longest}. */
    public StreamTableWaiter polling(Duration first, Duration longest) {
        return new StreamTableWaiter(timeout, first, longest, listening);
    }

    /**
     * The same waiter without listening for pg_trickle's alerts: it only polls. For measuring what listening gains,
     * and behind a transaction-pooling PgBouncer, which does not deliver notifications.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public StreamTableWaiter pollingOnly() {
        return new StreamTableWaiter(timeout, firstPoll, longestPoll, false);
    }

    /** How long this waiter waits at most. */
    public Duration timeout() {
        return timeout;
    }

    /** Wait until {@code table} is populated; returns the state that showed it. */
    public StreamTableState awaitPopulated(StreamTable table) {
        return awaitPopulated(List.of(table)).get(0);
    }

    /** Wait until all {@code tables} are populated; returns their states, in the order given. */
    public List<StreamTableState> awaitPopulated(Collection<StreamTable> tables) {
        return awaitStates(
                List.copyOf(tables),
                "is populated",
                FailFast.ON_BROKEN_STATUS_OR_NEW_ERRORS,
                StreamTableState::populated);
    }

    /**
     * Wait until {@code table} has been refreshed after {@code moment}: its {@code last_refresh_at} is later.
     *
     * @param moment usually the database time (or {@link Instant#now()}) taken before the change to wait for
     */
    public StreamTableState awaitRefreshAfter(StreamTable table, Instant moment) {
        return awaitState(table, "is refreshed after " + moment, state -> state.lastRefreshAt()
                .filter(at -> at.isAfter(moment))
                .isPresent());
    }

    /**
     * Wait until the state of {@code table} satisfies {@code condition}.
     *
     * @param description what is awaited, completing "waiting until stream table x ..." in messages
     */
    public StreamTableState awaitState(
            StreamTable table, String description, Predicate<? super StreamTableState> condition) {
        return awaitState(table, description, FailFast.ON_BROKEN_STATUS_OR_NEW_ERRORS, condition);
    }

    /**
     * Wait until the state of {@code table} satisfies {@code condition}, ending early only as {@code failFast} says:
     * use {@link FailFast#ON_BROKEN_STATUS} when the condition is about the status or the errors.
     *
     * <pre>{@code
     * waiter.awaitState(table, "has status SUSPENDED", FailFast.ON_BROKEN_STATUS,
     *         state -> state.status().equals("SUSPENDED"));
     * }</pre>
     *
     * @param description what is awaited, completing "waiting until stream table x ..." in messages
     */
    public StreamTableState awaitState(
            StreamTable table, String description, FailFast failFast, Predicate<? super StreamTableState> condition) {
        return awaitStates(List.of(table), description, failFast, condition).get(0);
    }

    /**
     * Wait until {@code assertion} stops throwing {@link AssertionError}; any other exception ends the wait at once.
     * The assertion may read anything (rows, totals); the health of {@code table} is checked between attempts.
     *
     * @param description what is awaited, completing "waiting until stream table x ..." in messages
     * @throws StreamTableTimeoutException whose cause is the assertion's last failure
     * @throws StreamTableFailedException whose cause is the assertion's last failure
     */
    public void awaitAsserted(StreamTable table, String description, Runnable assertion) {
        awaitAsserted(table, description, FailFast.ON_BROKEN_STATUS_OR_NEW_ERRORS, assertion);
    }

    /**
     * Like {@link #awaitAsserted(StreamTable, String, Runnable)}, ending early only as {@code failFast} says: use
     * {@link FailFast#ON_BROKEN_STATUS} when the assertion is about the status or the errors.
     *
     * @param description what is awaited, completing "waiting until stream table x ..." in messages
     * @throws StreamTableTimeoutException whose cause is the assertion's last failure
     * @throws StreamTableFailedException whose cause is the assertion's last failure
     */
    public void awaitAsserted(StreamTable table, String description, FailFast failFast, Runnable assertion) {
        Objects.requireNonNull(failFast, "failFast");
        AtomicReference<AssertionError> lastFailure = new AtomicReference<>();
        Wait wait = new Wait(List.of(table), description, failFast);
        wait.run(
                () -> {
                    wait.pause();
                    try {
                        wait.attempt();
                        assertion.run();
                        return true;
                    } catch (AssertionError failure) {
                        lastFailure.set(failure);
                        try {
                            wait.observeAndCheckHealth(lastFailure.get());
                        } catch (StreamTableFailedException unhealthy) {
                            // The assertion read the table a moment before the health check did. When the awaited
                            // condition is about that very change (status ERROR, say), it must win over fail-fast,
                            // so it gets one more look at the table before the wait gives up.
                            try {
                                wait.attempt();
                                assertion.run();
                                return true;
                            } catch (AssertionError stillFailing) {
                                lastFailure.set(stillFailing);
                                throw wait.failure(stillFailing);
                            }
                        }
                        return false;
                    }
                },
                lastFailure);
    }

    private List<StreamTableState> awaitStates(
            List<StreamTable> tables,
            String description,
            FailFast failFast,
            Predicate<? super StreamTableState> condition) {
        if (tables.isEmpty()) {
            return List.of();
        }
        Objects.requireNonNull(failFast, "failFast");
        Wait wait = new Wait(tables, description, failFast);
        wait.run(
                () -> {
                    wait.pause();
                    wait.attempt();
                    List<StreamTableState> states = wait.observe();
                    if (states.stream().allMatch(condition)) {
                        return true;
                    }
                    wait.checkHealth(null);
                    return false;
                },
                new AtomicReference<>());
        return wait.lastStates();
    }

    /** One wait: the tables, their error counts when it began, and the last state read of each. */
    private final class Wait {
        private final List<StreamTable> tables;
        private final String description;
        private final FailFast failFast;
        private final Map<StreamTable, Integer> baselineErrors = new LinkedHashMap<>();
        private final Map<StreamTable, StreamTableState> last = new LinkedHashMap<>();
        private final AtomicInteger attempts = new AtomicInteger();
        private final Set<StreamTable> brokenAtStart = new HashSet<>();
        private final WaitSessions sessions;
        private Instant started;
        private long deadlineNanos;
        private boolean looked;
        private Duration interval;
        private StreamTable failedTable;
        private String problem;

        Wait(List<StreamTable> tables, String description, FailFast failFast) {
            this.tables = tables;
            this.description = description;
            this.failFast = failFast;
            this.sessions = new WaitSessions(tables, listening);
        }

        void run(java.util.concurrent.Callable<Boolean> condition, AtomicReference<AssertionError> lastFailure) {
            started = Instant.now();
            deadlineNanos = System.nanoTime() + timeout.toNanos();
            if (tables.size() > 1) {
                // Several tables: their first reads already share the wait's session of their database (a connection
                // per table and look cost more than the reads: 200 connections to see the 100 stream tables of a
                // 300-model project populated), and its LISTEN is in effect before the first look, so no announcement
                // is missed.
                sessions.start();
            }
            for (StreamTable table : tables) {
                // Unknown names fail here, before any polling, with the list of existing stream tables.
                StreamTableState state = sessions.state(table);
                baselineErrors.put(table, state.consecutiveErrors());
                if (state.broken()) {
                    brokenAtStart.add(table);
                }
            }
            try {
                // The pauses happen inside the condition (pause()), where an alert can end them; Awaitility itself
                // does not sleep between looks, it only bounds each look by the timeout.
                Awaitility.await()
                        .alias(subject() + " " + description)
                        .atMost(timeout)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(NO_SLEEP)
                        .until(condition);
            } catch (ConditionTimeoutException timedOut) {
                throw new StreamTableTimeoutException(
                        timeoutMessage(lastFailure.get()), lastStates(), lastFailure.get(), attempts.get(), elapsed());
            } finally {
                sessions.close();
            }
        }

        /**
         * Before each look but the first: return at once when listening has just begun (a change committed before the
         * {@code LISTEN} was not announced to it), otherwise when an alert about an awaited table comes or the poll
         * interval (growing by half from {@link #firstPoll} to {@link #longestPoll}) is over, never past the timeout.
         */
        void pause() {
            if (!looked) {
                looked = true;
                return;
            }
            if (sessions.start()) {
                return;
            }
            interval = interval == null ? firstPoll : min(interval.plus(interval.dividedBy(2)), longestPoll);
            Duration remaining = Duration.ofNanos(deadlineNanos - System.nanoTime());
            if (!remaining.isNegative()) {
                sessions.await(min(interval, remaining));
            }
        }

        /** Count one try of the condition (the numbers messages give). */
        void attempt() {
            attempts.incrementAndGet();
        }

        synchronized List<StreamTableState> observe() {
            List<StreamTableState> states = new ArrayList<>();
            for (StreamTable table : tables) {
                StreamTableState state = sessions.state(table);
                last.put(table, state);
                states.add(state);
            }
            return states;
        }

        void observeAndCheckHealth(AssertionError lastFailure) {
            observe();
            checkHealth(lastFailure);
        }

        /** Throw when a table cannot get there by itself, as {@link #failFast} says. */
        synchronized void checkHealth(AssertionError lastFailure) {
            for (StreamTable table : tables) {
                StreamTableState state = last.get(table);
                int baseline = baselineErrors.get(table);
                String found = null;
                if (state.broken()) {
                    // "turned" only for a change seen during the wait; a table broken from the start simply "is".
                    found = (brokenAtStart.contains(table) ? "is " : "turned ") + state.status();
                } else if (failFast == FailFast.ON_BROKEN_STATUS_OR_NEW_ERRORS
                        && state.consecutiveErrors() > baseline) {
                    found = "had consecutive_errors grow from %d to %d".formatted(baseline, state.consecutiveErrors());
                }
                if (found != null) {
                    failedTable = table;
                    problem = found;
                    throw failure(table, state, lastFailure);
                }
            }
        }

        /** The failure {@link #checkHealth} found, now carrying the assertion's latest failure. */
        synchronized StreamTableFailedException failure(AssertionError lastFailure) {
            return failure(failedTable, last.get(failedTable), lastFailure);
        }

        private StreamTableFailedException failure(StreamTable table, StreamTableState state, AssertionError cause) {
            Duration elapsed = elapsed();
            StringBuilder message = new StringBuilder(
                    "stream table %s %s while waiting until %s %s (gave up after %s of %s, tried %s, instead of waiting out the timeout)%n"
                            .formatted(
                                    state.qualifiedName(),
                                    problem,
                                    subject(),
                                    description,
                                    seconds(elapsed),
                                    seconds(timeout),
                                    times(attempts.get())));
            appendLastFailure(message, cause);
            message.append(describe(table, state));
            return new StreamTableFailedException(message.toString(), lastStates(), cause, attempts.get(), elapsed);
        }

        synchronized List<StreamTableState> lastStates() {
            return List.copyOf(last.values());
        }

        private Duration elapsed() {
            return Duration.between(started, Instant.now());
        }

        private String subject() {
            return tables.size() == 1
                    ? "stream table " + tables.get(0).displayName()
                    : "stream tables "
                            + String.join(
                                    ", ",
                                    tables.stream()
                                            .map(StreamTable::displayName)
                                            .toList());
        }

        private String timeoutMessage(AssertionError lastFailure) {
            StringBuilder message = new StringBuilder("timed out after %s waiting until %s %s (tried %s)"
                    .formatted(seconds(timeout), subject(), description, times(attempts.get())));
            if (lastFailure != null) {
                message.append(System.lineSeparator());
                appendLastFailure(message, lastFailure);
                message.setLength(message.length() - System.lineSeparator().length());
            }
            for (StreamTable table : tables) {
                StreamTableState state = last.get(table);
                message.append("%nlast observed state of %s:%n".formatted(table.displayName()));
                message.append(state == null ? "  (never read)" : describe(table, state));
            }
            appendLockWaits(message);
            return message.toString();
        }

        /** A refresh blocked by a lock looks like one that never ran: name the blocked session and the blocker. */
        private void appendLockWaits(StringBuilder message) {
            List<String> waits = new ArrayList<>();
            try {
                for (StreamTable table : sessions.onePerDatabase()) {
                    waits.addAll(table.lockWaits());
                }
            } catch (RuntimeException e) {
                message.append("%nsessions waiting for a lock: could not be read: %s".formatted(e.getMessage()));
                return;
            }
            if (!waits.isEmpty()) {
                message.append("%nsessions waiting for a lock:".formatted());
                waits.forEach(wait -> message.append("%n  ".formatted()).append(wait));
            }
        }
    }

    /** The assertion's last failure, indented, on lines of its own ending with a line break; nothing without one. */
    private static void appendLastFailure(StringBuilder message, AssertionError lastFailure) {
        if (lastFailure != null && lastFailure.getMessage() != null) {
            message.append("last failure:%n  ".formatted())
                    .append(lastFailure.getMessage().strip().replaceAll("\\R", System.lineSeparator() + "  "))
                    .append(System.lineSeparator());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String times(int attempts) {
        return attempts == 1 ? "once" : attempts + " times";
    }

    /** The state, last error and recent history of one table, indented, for messages. */
    static String describe(StreamTable table, StreamTableState state) {
        StringBuilder text = new StringBuilder();
        text.append("  status:             %s%n".formatted(state.status()));
        text.append("  populated:          %s%n".formatted(state.populated()));
        text.append("  consecutive errors: %d%n".formatted(state.consecutiveErrors()));
        text.append("  last error:         %s%n"
                .formatted(state.lastErrorMessage()
                        .map(message -> message
                                + state.lastErrorAt()
                                        .map(at -> " (at " + at + ")")
                                        .orElse(""))
                        .orElse("none")));
        text.append("  last refresh at:    %s%n"
                .formatted(state.lastRefreshAt().map(Instant::toString).orElse("never")));
        text.append("  recent refreshes (newest first):");
        List<RefreshHistoryEntry> history;
        try {
            history = table.history(HISTORY_IN_MESSAGES);
        } catch (RuntimeException e) {
            return text.append(" could not be read: ").append(e.getMessage()).toString();
        }
        if (history.isEmpty()) {
            text.append(" none recorded");
        }
        for (RefreshHistoryEntry entry : history) {
            text.append("%n    %s".formatted(entry.summary()));
        }
        return text.toString();
    }

    private static String seconds(Duration duration) {
        return "%.1fs".formatted(duration.toMillis() / 1000.0);
    }
}
