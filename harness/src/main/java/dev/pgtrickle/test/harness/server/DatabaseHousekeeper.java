package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work on one embedded server's databases that no test class should wait for: cloning spare project databases from
 * the emulation's template before they are asked for, and dropping the project databases classes have finished with.
 *
 * <p>One daemon thread per server does both over one connection of its own, spares first (a class may be about to ask
 * for one), drops when no spare is wanted. Every spare is handed to exactly one caller ({@link #take()} under the lock)
 * and every database handed in by {@link #dropLater} is dropped by {@link #finish} at the latest, which the server calls
 * before it stops. Only names the harness made get here: spares it cloned, project databases it created.
 *
 * <p>A failure in the background is not lost: the first one is kept and thrown by the next {@link #take()} as a {@link
 * ServerStartException} saying what failed (no more spares are cloned until then); one that no later class picks up is
 * logged when the server stops.
 */
final class DatabaseHousekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHousekeeper.class);

    private final PostgresServer server;
    private final String template;
    private final IntSupplier wantedSpares;
    private final Deque<String> ready = new ArrayDeque<>();
    private final Deque<Drop> toDrop = new ArrayDeque<>();
    private final Thread worker;

    // Guarded by this.
    private boolean ordered;
    private boolean cloning;
    private boolean finishing;
    private RuntimeException failure;
    private Statement running;

    /** The worker thread's own connection to the maintenance database. */
    private Connection connection;

    /** The connection {@link #handOver} renames spares over (opening one costs more than the rename). */
    private final Object handOverLock = new Object();

    private Connection handOverConnection;

    /**
     * A housekeeper for {@code server} that keeps {@code wantedSpares} clones of {@code template} ready; {@code
     * adopted} are clones that already exist (baked into the cached cluster).
     */
    DatabaseHousekeeper(PostgresServer server, String template, Iterable<String> adopted, IntSupplier wantedSpares) {
        this.server = server;
        this.template = template;
        this.wantedSpares = wantedSpares;
        adopted.forEach(ready::addLast);
        this.worker = new Thread(this::work, "pgtrickle-test database housekeeper " + server.describe());
        worker.setDaemon(true); // finish() ends it; a JVM that exits without stopping the server takes the cluster too
        worker.start();
    }

    /**
     * A ready clone, now the caller's alone (to rename, or drop), and another one ordered; empty when none is ready.
     *
     * @throws ServerStartException when background work failed since the last call (reported once)
     */
    synchronized Optional<String> take() {
        if (failure != null) {
            RuntimeException reported = failure;
            failure = null;
            notifyAll(); // cloning resumes for the class after this one
            throw reported;
        }
        String spare = ready.pollFirst();
        ordered = true; // spares are cloned once project databases are asked for, never for a JVM that needs none
        notifyAll();
        return Optional.ofNullable(spare);
    }

    /**
     * Rename {@code spare}, which {@link #take()} gave the caller, to {@code name}, and run {@code then} (statements on
     * the renamed database, from the maintenance database) in the same round trip and transaction.
     */
    void handOver(String spare, String name, String then) throws SQLException {
        String sql = "ALTER DATABASE \"%s\" RENAME TO \"%s\"; %s".formatted(spare, name, then);
        synchronized (handOverLock) {
            try {
                runHandOver(sql);
            } catch (SQLException e) {
                if (handOverConnection != null && handOverConnection.isValid(5)) {
                    throw e;
                }
                closeQuietly(handOverConnection); // closed by the server (a terminated backend, a timeout): once more
                handOverConnection = null;
                runHandOver(sql);
            }
        }
    }

    private void runHandOver(String sql) throws SQLException {
        if (handOverConnection == null) {
            handOverConnection = open();
        }
        try (Statement statement = handOverConnection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Drop {@code database} (made by the harness, no longer used) in the background, before the server stops, after
     * running {@code before} (waiting for what still uses it to let go).
     */
    void dropLater(String database, Runnable before) {
        synchronized (this) {
            if (!finishing) {
                toDrop.addLast(new Drop(database, before));
                notifyAll();
                return;
            }
        }
        // The server is stopping and the worker gone or going: drop here, as close() always did.
        before.run();
        dropNow(database);
    }

    /** A database to drop, and what to wait for first. */
    private record Drop(String database, Runnable before) {
        @Override
        public String toString() {
            return database;
        }
    }

    /**
     * For the server's stop: clone no more (a clone under way is cancelled), drop every database handed in, and end the
     * thread; waits at most {@code timeout}. Spares not taken stay: they go with the cluster.
     */
    void finish(Duration timeout) {
        synchronized (this) {
            finishing = true;
            if (!server.isRunning()) {
                toDrop.clear(); // the server stopped under the run and took its databases with it
            }
            notifyAll();
            if (cloning && running != null) {
                try {
                    running.cancel(); // CREATE DATABASE cancelled removes what it copied
                } catch (SQLException e) {
                    LOG.debug("could not cancel the spare clone on {}: {}", server.describe(), e.getMessage());
                }
            }
        }
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (worker.isAlive()) {
                LOG.warn(
                        "{}: background database work did not end within {}; databases not dropped yet: {}",
                        server.describe(),
                        timeout,
                        toDrop);
            }
            if (failure != null) {
                LOG.warn("{}: {}", server.describe(), failure.getMessage());
                failure = null;
            }
        }
        synchronized (handOverLock) {
            closeQuietly(handOverConnection);
            handOverConnection = null;
        }
    }

    /** Databases handed in and not dropped yet (for tests). */
    synchronized int pendingDrops() {
        return toDrop.size();
    }

    /** Wait until every database handed in so far is dropped (for tests and benchmarks). */
    synchronized void awaitDrops(Duration timeout) throws InterruptedException {
        awaitWhile(() -> !toDrop.isEmpty(), "databases not dropped: " + toDrop, timeout);
    }

    /** Wait until the spares taken so far are replaced, or cloning stopped for a failure (for tests and benchmarks). */
    synchronized void awaitSpares(Duration timeout) throws InterruptedException {
        awaitWhile(() -> wantsSpare() || cloning, "spares not ready", timeout);
    }

    private void awaitWhile(BooleanSupplier busy, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy.getAsBoolean() && worker.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("%s: %s within %s".formatted(server.describe(), what, timeout));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private boolean wantsSpare() {
        return ordered && !finishing && failure == null && ready.size() + (cloning ? 1 : 0) < wantedSpares.getAsInt();
    }

    private void work() {
        try {
            while (true) {
                String spare = null;
                Drop drop = null;
                synchronized (this) {
                    while (!wantsSpare() && toDrop.isEmpty() && !finishing) {
                        wait();
                    }
                    if (wantsSpare()) {
                        spare = EmulationTemplates.internalName("spare");
                        cloning = true;
                    } else if (!toDrop.isEmpty()) {
                        drop = toDrop.peekFirst();
                    } else {
                        return; // finishing, nothing left to drop
                    }
                }
                if (spare != null) {
                    clone(spare);
                } else {
                    drop(drop);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    private void clone(String spare) {
        RuntimeException error = null;
        try {
            EmulationTemplates.cloneInto(connection(), template, spare, this::running);
            warmUp(spare);
        } catch (SQLException e) {
            closeConnection();
            if (!isFinishing()) {
                dropNow(spare); // a clone whose settings could not be copied is no spare
            }
            error = new ServerStartException(
                    "%s: preparing a project database in the background failed (CREATE DATABASE %s TEMPLATE %s): %s"
                            .formatted(server.describe(), spare, template, e.getMessage()),
                    e);
        }
        synchronized (this) {
            cloning = false;
            running = null;
            if (error == null) {
                ready.addLast(spare);
            } else if (!finishing) {
                failure = failure == null ? error : failure;
            }
            notifyAll();
        }
    }

    /**
     * Connect to a new spare once and leave, so that the class that takes it does not pay for its first connection:
     * that one builds the database's relation cache file ({@code pg_internal.init}, which a clone does not copy), a few
     * milliseconds a class would otherwise wait for. A spare nobody could connect to is still a spare (the class's own
     * connection then says why), so a failure here is only logged.
     */
    private void warmUp(String spare) {
        try (Connection connection =
                DriverManager.getConnection(server.jdbcUrl(spare), server.user(), server.password())) {
            connection.isValid(5);
        } catch (SQLException e) {
            LOG.debug("could not connect to the new spare {} ahead of its class: {}", spare, e.getMessage());
        }
    }

    private void drop(Drop drop) {
        String database = drop.database();
        RuntimeException error = null;
        drop.before().run();
        try (Statement statement = connection().createStatement()) {
            statement.execute(dropStatement(database));
        } catch (SQLException e) {
            closeConnection();
            error = new ServerStartException(
                    "%s: dropping the finished project database %s in the background failed: %s"
                            .formatted(server.describe(), database, e.getMessage()),
                    e);
        }
        synchronized (this) {
            toDrop.remove(drop);
            if (error != null) {
                if (finishing) {
                    LOG.warn(error.getMessage());
                } else {
                    failure = failure == null ? error : failure;
                }
            }
            notifyAll();
        }
    }

    private void dropNow(String database) {
        try (Connection admin = open();
                Statement statement = admin.createStatement()) {
            statement.execute(dropStatement(database));
        } catch (SQLException e) {
            LOG.warn("could not drop database {} on {}: {}", database, server.describe(), e.getMessage());
        }
    }

    static String dropStatement(String database) {
        return "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)";
    }

    private synchronized boolean isFinishing() {
        return finishing;
    }

    private synchronized void running(Statement statement) {
        running = statement;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = open();
        }
        return connection;
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection(
                server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
    }

    private void closeConnection() {
        closeQuietly(connection);
        connection = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a housekeeper's connection failed: {}", e.getMessage());
            }
        }
    }
}
