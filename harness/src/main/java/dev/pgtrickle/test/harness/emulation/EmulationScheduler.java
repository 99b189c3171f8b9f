package dev.pgtrickle.test.harness.emulation;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the emulation's scheduler for one database: one daemon thread that calls {@code pgtrickle._emulation_tick()}
 * every {@link #tick()} over a connection of its own, standing in for the real extension's per-database background
 * worker.
 *
 * <p>A failing tick is logged and retried on the next tick (the connection is reopened when it broke); it never ends
 * the thread. {@link #close()} stops the thread, waits for it and closes its connection, so the database can be
 * dropped right afterwards.
 */
public final class EmulationScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmulationScheduler.class);

    /** How long {@link #close()} waits for a tick in progress before giving up on the thread. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String database;
    private final ConnectionFactory connections;
    private final Duration tick;
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private String lastFailure;

    EmulationScheduler(String database, ConnectionFactory connections, Duration tick) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException(
                    "emulated scheduler tick must be positive, got %s for database %s".formatted(tick, database));
        }
        this.database = database;
        this.connections = connections;
        this.tick = tick;
        this.thread = new Thread(this::loop, "pgtrickle-emulated-scheduler-" + database);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
        LOG.debug("started the emulated pg_trickle scheduler for database {} (tick {})", database, tick);
    }

    /** The tick interval. */
    public Duration tick() {
        return tick;
    }

    /**
     * Whether the scheduler still ticks: false once {@link #stop()} or {@link #close()} was called (a tick under way
     * may still finish; {@link #close()} waits for it) or the thread has ended.
     */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void loop() {
        long tickNanos = tick.toNanos();
        while (running) {
            long started = System.nanoTime();
            runOneTick();
            long remaining = tickNanos - (System.nanoTime() - started);
            if (remaining > 0 && running) {
                try {
                    TimeUnit.NANOSECONDS.sleep(remaining);
                } catch (InterruptedException e) {
                    // close() interrupts the sleep; the loop condition ends the thread.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeConnection();
    }

    private void runOneTick() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = connections.open();
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    // Visible in pg_stat_activity, like the real worker's backend_type.
                    statement.execute("SET application_name = 'pg_trickle scheduler (pgtrickle-test emulation)'");
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pgtrickle._emulation_tick()");
            }
            if (lastFailure != null) {
                LOG.info("emulated pg_trickle scheduler for database {} recovered", database);
                lastFailure = null;
            }
        } catch (SQLException | RuntimeException e) {
            if (!running) {
                return;
            }
            String message = e.getMessage();
            // Log a repeated failure once, not every tick.
            if (!String.valueOf(message).equals(lastFailure)) {
                LOG.warn("emulated pg_trickle scheduler tick failed for database {}: {}", database, message);
                lastFailure = String.valueOf(message);
            }
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the scheduler connection for {} failed: {}", database, e.getMessage());
            }
            connection = null;
        }
    }

    /**
     * Tell the thread to stop and return at once: no tick starts after this, one under way finishes; {@link #close()}
     * then waits for the thread. Idempotent.
     */
    public void stop() {
        running = false;
        thread.interrupt();
    }

    /** Stop the thread and wait for it (a tick in progress finishes first); idempotent. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("emulated pg_trickle scheduler for database {} did not stop within {}", database, STOP_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "emulated pg_trickle scheduler for %s every %s".formatted(database, tick);
    }
}
