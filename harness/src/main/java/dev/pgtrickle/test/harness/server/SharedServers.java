package dev.pgtrickle.test.harness.server;

import dev.pgtrickle.test.harness.emulation.PgTrickleEmulation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "shared engine": one server per JVM per backend configuration, used by every project and test class, stopped
 * when the JVM ends.
 *
 * <p>This is JVM-wide state on purpose: starting PostgreSQL costs seconds, and test classes isolate themselves by
 * working in their own databases ({@link ProjectDatabase}), not in their own servers. A shutdown hook stops every
 * server the harness started; {@link EmbeddedDataDirectories} catches the cases where no hook runs.
 */
public final class SharedServers {

    private static final Logger LOG = LoggerFactory.getLogger(SharedServers.class);
    private static final Map<ServerSettings, LazyServer> SERVERS = new ConcurrentHashMap<>();
    /**
     * Set once the JVM has begun to end (its shutdown hooks run): from then on no server is started, because nothing
     * would stop it. Without this, a thread still working when SIGTERM arrived (the command line's main thread
     * compiling while the server started early) asked for a server after the hook had stopped the shared ones and
     * started a new one, which the JVM's halt then left running with its work folder.
     */
    private static volatile boolean jvmEnding;

    /** Set by {@link #oneProjectPerJvm()}. */
    private static volatile boolean oneProject;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::stopAtJvmEnd, "pgtrickle-test-shutdown"));
    }

    private SharedServers() {}

    /** The server for these settings, started on first use. */
    public static PostgresServer acquire(ServerSettings settings) {
        BackendKind kind = BackendSelector.choose(settings);
        ServerSettings key = settings.withBackend(kind);
        return SERVERS.computeIfAbsent(key, LazyServer::new).get();
    }

    /**
     * {@code error} as it is, or, when a shared server has stopped under the run (its postmaster killed), a
     * {@link ServerLostException} that says so: the statement that noticed only says its connection broke.
     */
    public static RuntimeException explain(RuntimeException error) {
        if (error instanceof ServerLostException) {
            return error;
        }
        return SERVERS.values().stream()
                .map(LazyServer::lost)
                .flatMap(Optional::stream)
                .findFirst()
                .<RuntimeException>map(server -> new ServerLostException(server, error))
                .orElse(error);
    }

    /**
     * Start the server for these settings in the background when they choose the embedded backend, so that it starts
     * while the caller loads and compiles the project; {@link #acquire} then waits for it (or, when this start failed,
     * tries again and reports why). Other backends start nothing here: a container or an external server is only
     * touched once the project is known to be valid. The caller stops what it started with {@link #stopAll()}, also
     * when the project turns out to be invalid.
     */
    public static void startEarly(ServerSettings settings) {
        if (BackendSelector.choose(settings) != BackendKind.EMBEDDED) {
            return;
        }
        LazyServer server = SERVERS.computeIfAbsent(settings.withBackend(BackendKind.EMBEDDED), LazyServer::new);
        Thread starter = new Thread(
                () -> {
                    try {
                        server.get();
                    } catch (RuntimeException e) {
                        LOG.debug(
                                "the early start of the embedded server failed; acquire() tries again: {}",
                                e.toString());
                    }
                },
                "pgtrickle-test early server start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Tell the harness that this JVM works on one project (a command-line run): no spare project databases are
     * cloned in the background for classes that will never come.
     */
    public static void oneProjectPerJvm() {
        EmulationTemplates.noSpares();
        oneProject = true;
    }

    /**
     * Whether a project database on {@code server} goes away with the server anyway, so that dropping it at the end of
     * the project would only cost time (a checkpoint and a few hundred files deleted): the embedded server of a
     * one-project JVM, which is stopped and deleted right after. Not the warm server, which outlives the JVM.
     */
    static boolean databasesGoWithServer(PostgresServer server) {
        return oneProject && server instanceof EmbeddedPostgresServer;
    }

    /**
     * Make this JVM's embedded server the warm one kept between command-line runs ({@code --reuse}): attached to when
     * one runs and matches, started otherwise, and left running when the JVM ends. Only for the command line: one
     * project per JVM, never in CI unless asked for.
     */
    public static void reuseWarmServer(boolean reuse) {
        WarmServer.want(reuse);
    }

    /** Stop the warm server of {@link #reuseWarmServer}; a description of what was stopped, empty when none ran. */
    public static Optional<String> stopWarmServer() {
        return WarmServer.forUser().stop().map(WarmServer.State::describe);
    }

    /** The warm server's description, if one was started (it may have died since), with why it would be replaced. */
    public static Optional<String> warmServerStatus() {
        return WarmServer.forUser()
                .state()
                .map(state -> state.describe()
                        + WarmServer.problem(state, EmbeddedPostgresServer.clusterKey())
                                .map(problem -> "; not usable, the next --reuse run replaces it: " + problem)
                                .orElse(""));
    }

    /** Stop the warm server when it has not been used for two hours (every command-line run checks). */
    public static Optional<String> stopIdleWarmServer() {
        return WarmServer.forUser().stopIfIdle(WarmServer.IDLE_TIMEOUT).map(WarmServer.State::describe);
    }

    /**
     * Stop every shared server now (the shutdown hook does this at JVM exit); an embedded server's data directory
     * becomes the next run's ready copy of the cached cluster.
     */
    public static void stopAll() {
        stopServers();
    }

    /**
     * The shutdown hook: refuse new servers and stop the running ones (the command line's normal end has already done
     * so in {@link #stopAll()}).
     */
    private static void stopAtJvmEnd() {
        jvmEnding = true;
        stopServers();
    }

    private static void stopServers() {
        // jvmEnding is set before this snapshot: a server asked for after it sees the flag and is refused, one asked
        // for before it is in the snapshot, and close() waits for its start to finish and then stops it.
        List<LazyServer> servers = new ArrayList<>(SERVERS.values());
        SERVERS.clear();
        for (LazyServer server : servers) {
            server.close();
        }
    }

    /** Starts its server on the first {@link #get()}, once, even when several threads ask at the same time. */
    private static final class LazyServer {
        private final ServerSettings settings;
        private PostgresServer server;

        LazyServer(ServerSettings settings) {
            this.settings = settings;
        }

        synchronized PostgresServer get() {
            refuseWhenJvmEnds();
            if (server != null && !server.isRunning()) {
                // Killed under an earlier run: that run failed saying so; this one gets a new server.
                LOG.warn("{} stopped under an earlier run; starting a new one", server.describe());
                close();
            }
            if (server == null) {
                server = BackendSelector.start(settings.backend(), settings);
                if (jvmEnding) {
                    close(); // the hook's snapshot may have missed this one
                    refuseWhenJvmEnds();
                }
                logStarted(server);
            }
            return server;
        }

        private static void refuseWhenJvmEnds() {
            if (jvmEnding) {
                throw new ServerStartException(
                        "no server started: the JVM is ending (interrupted, or told to exit), and nothing would stop"
                                + " a server started now");
            }
        }

        /** The server, if it was started and has stopped since. */
        synchronized Optional<PostgresServer> lost() {
            return server != null && !server.isRunning() ? Optional.of(server) : Optional.empty();
        }

        synchronized void close() {
            if (server != null) {
                try {
                    server.close();
                } catch (RuntimeException e) {
                    LOG.warn("could not stop {}: {}", server.describe(), e.getMessage());
                }
                server = null;
            }
        }
    }

    private static void logStarted(PostgresServer server) {
        LOG.info(backendLine(server));
    }

    /**
     * The one line logged when a server starts: backend, where it runs, the PostgreSQL version, and whether pg_trickle
     * is the real extension (with its version) or the emulation.
     */
    static String backendLine(PostgresServer server) {
        String postgresVersion = "unknown";
        String pgTrickle = "pg_trickle " + PgTrickleEmulation.VERSION + " emulated by pgtrickle-test";
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
                rows.next();
                postgresVersion = rows.getString(1);
            }
            if (!server.emulatesPgTrickle()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname = 'pg_trickle'),"
                                + " (SELECT default_version FROM pg_available_extensions WHERE name = 'pg_trickle'))")) {
                    rows.next();
                    String version = rows.getString(1);
                    pgTrickle = version == null ? "no pg_trickle" : "pg_trickle " + version + " (real extension)";
                }
            }
        } catch (SQLException e) {
            LOG.debug("could not read server details: {}", e.getMessage());
        }
        return "pgtrickle-test backend: %s (%s), PostgreSQL %s, %s"
                .formatted(
                        server.kind().name().toLowerCase(Locale.ROOT), server.describe(), postgresVersion, pgTrickle);
    }
}
