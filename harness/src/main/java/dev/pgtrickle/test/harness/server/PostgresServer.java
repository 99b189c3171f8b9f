package dev.pgtrickle.test.harness.server;

/**
 * A running PostgreSQL 18 server that the harness can open databases on.
 *
 * <p>Implementations are shared by every project in the JVM (see {@link SharedServers}); they must be safe to use from
 * several threads. Closing stops what the harness started and nothing else.
 */
public interface PostgresServer extends AutoCloseable {

    /** Which backend this server comes from. */
    BackendKind kind();

    /** JDBC URL of the given database on this server. */
    String jdbcUrl(String database);

    /** User name for every connection. */
    String user();

    /** Password for every connection (may be empty). */
    String password();

    /** The database to connect to for administration ({@code CREATE DATABASE}, probes). */
    String maintenanceDatabase();

    /**
     * Whether pg_trickle must be emulated in databases on this server, because the real extension is not installed
     * there.
     */
    boolean emulatesPgTrickle();

    /**
     * Whether the harness may create and drop its own databases here. The embedded and container backends always may;
     * an external server only when the user allows it.
     */
    boolean createsDatabases();

    /** A short human description for log lines, e.g. {@code embedded PostgreSQL on 127.0.0.1:54321}. */
    String describe();

    /**
     * Whether the server still runs, as far as the harness can tell without a round trip: a killed embedded postmaster
     * answers {@code false}. Servers the harness does not watch answer {@code true}.
     */
    default boolean isRunning() {
        return true;
    }

    /** Stop the server if the harness started it. */
    @Override
    void close();
}
