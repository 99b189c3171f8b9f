package dev.pgtrickle.test.harness.emulation;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.db.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the emulation of pg_trickle's SQL API into a database and starts its scheduler.
 *
 * <p>The emulation is SQL and PL/pgSQL shipped in this package's resources: schema {@code pgtrickle} with the real
 * catalog columns, the lifecycle functions with the real signatures, refresh by full recomputation, trigger-based change
 * capture and a tick function that {@link EmulationScheduler} calls. {@code pgtrickle.version()} answers {@value
 * #VERSION_STRING} so that nobody mistakes it for the real extension. {@code docs/emulation-fidelity.md} lists what it
 * reproduces and what it does not.
 */
public final class PgTrickleEmulation {

    private static final Logger LOG = LoggerFactory.getLogger(PgTrickleEmulation.class);

    /** The pg_trickle version whose SQL API is emulated. */
    public static final String VERSION = "0.67.0";

    /** What {@code pgtrickle.version()} returns in an emulated database. */
    public static final String VERSION_STRING = "0.67.0-pgtrickle-test-emulation";

    /** The SQL resources, in the order they are run. */
    private static final List<String> SCRIPTS =
            List.of("01-catalog.sql", "02-internals.sql", "03-refresh.sql", "04-api.sql", "05-scheduler.sql");

    /** The database setting under which the scheduler's tick is published: the real scheduler's interval. */
    private static final String SCHEDULER_INTERVAL = "pg_trickle.scheduler_interval_ms";

    private PgTrickleEmulation() {}

    /**
     * Install the emulation into the database behind {@code connection}, in one transaction: either all of it is
     * installed or nothing is. Fails when schema {@code pgtrickle} already exists (real extension or an earlier
     * install). Only call this for databases the harness created, or that the user explicitly handed over.
     */
    public static void install(Connection connection) throws SQLException {
        long started = System.nanoTime();
        Transactions.run(connection, c -> {
            try (Statement statement = c.createStatement()) {
                for (String script : SCRIPTS) {
                    try {
                        statement.execute(load(script));
                    } catch (SQLException e) {
                        throw new SQLException(
                                "pg_trickle emulation script %s failed: %s".formatted(script, e.getMessage()),
                                e.getSQLState(),
                                e);
                    }
                }
            }
        });
        LOG.info(
                "installed the pg_trickle {} emulation (pgtrickle.version() = {}) into database {} in {} ms",
                VERSION,
                VERSION_STRING,
                connection.getCatalog(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Start the scheduler tick for one database: a daemon thread that calls the emulation's tick function every
     * {@code tick} over its own connection until {@link EmulationScheduler#close()}.
     */
    public static EmulationScheduler startScheduler(String database, ConnectionFactory connections, Duration tick) {
        EmulationScheduler scheduler = new EmulationScheduler(database, connections, tick); // checks the tick first
        publishTick(connections, tick);
        scheduler.start();
        return scheduler;
    }

    /**
     * As {@link #startScheduler}, for a database whose tick the caller has already published with {@link
     * #publishTickStatement} (in the same round trip as other work on the database).
     */
    public static EmulationScheduler startSchedulerTickPublished(
            String database, ConnectionFactory connections, Duration tick) {
        EmulationScheduler scheduler = new EmulationScheduler(database, connections, tick);
        scheduler.start();
        return scheduler;
    }

    /**
     * The statement that publishes {@code tick} for {@code database} (see {@link #startScheduler}), run from any
     * database of the server by a user who may alter {@code database}.
     */
    public static String publishTickStatement(String database, Duration tick) {
        return "ALTER DATABASE \"%s\" SET %s = '%d'"
                .formatted(database.replace("\"", "\"\""), SCHEDULER_INTERVAL, tickMillis(tick));
    }

    private static long tickMillis(Duration tick) {
        return Math.max(1, tick.toMillis());
    }

    /**
     * Publish the tick as the database default of {@code pg_trickle.scheduler_interval_ms}, the real scheduler's
     * interval, so that whatever reads that setting (the overdue rule of {@code isFresh()} and
     * {@code stream_table_healthy}) sees the emulated scheduler's pace. Sessions opened from now on see it. Without
     * the right to alter the database the setting stays unset and readers assume the real default.
     */
    private static void publishTick(ConnectionFactory connections, Duration tick) {
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement()) {
            String alter =
                    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET %s = %%L', current_database(), '%d'); END $$";
            statement.execute(alter.formatted(SCHEDULER_INTERVAL, tickMillis(tick)));
        } catch (SQLException e) {
            LOG.info(
                    "could not publish the emulated scheduler's tick as pg_trickle.scheduler_interval_ms ({});"
                            + " freshness checks assume the real default",
                    e.getMessage());
        }
    }

    /**
     * A digest of the emulation's SQL: anything that keeps a database with the emulation installed across runs (the
     * embedded backend's cluster cache) must be made again when it changes.
     */
    public static String fingerprint() {
        return Fingerprint.VALUE;
    }

    /** The scripts are part of the jar: their digest is computed once per JVM, on first use. */
    private static final class Fingerprint {
        static final String VALUE = digestScripts();
    }

    private static String digestScripts() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String script : SCRIPTS) {
                digest.update(load(script).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String load(String script) {
        String path = "/dev/pgtrickle/test/harness/emulation/" + script;
        try (InputStream in = PgTrickleEmulation.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("pg_trickle emulation resource missing from the harness jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pg_trickle emulation resource " + path, e);
        }
    }
}
