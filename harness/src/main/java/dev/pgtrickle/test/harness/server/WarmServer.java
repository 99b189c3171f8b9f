package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm server of the command line's {@code --reuse}: one embedded PostgreSQL per user that outlives the command, so
 * that an edit-run loop does not pay for a server start each time.
 *
 * <p>It lives in {@code <cache>/warm} next to the cluster cache (not under {@code java.io.tmpdir}, whose orphaned
 * servers are reaped): {@code data/} is its data directory (a copy of the cached cluster), {@code postgres.log} its
 * output, and {@code server.properties} the state a later run checks before it uses the server: postmaster pid, port,
 * data directory and the cluster cache key (binaries, settings and emulation). A server that is not running, answers
 * on another port, or was made from other binaries or settings is stopped and replaced. Starting, checking and stopping
 * happen under {@code server.lock}, so two runs never start two servers.
 *
 * <p>Lifetime: until {@code pgtrickle-test server stop}, until a command finds it unused for {@link #IDLE_TIMEOUT}
 * (the state file's modification time is the last use), or until the machine restarts. Each run works in a database
 * of its own (a clone of the emulation template) that it drops at its end; databases of runs that were killed are
 * dropped by the next run that finds nobody connected to them.
 */
final class WarmServer {

    private static final Logger LOG = LoggerFactory.getLogger(WarmServer.class);

    /** A warm server nobody has used for this long is stopped by the next command. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(2);

    private static final String STATE = "server.properties";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /** Whether this JVM's embedded server is the warm one (the command line's {@code --reuse}). */
    private static volatile boolean wanted;

    private final Path folder;

    WarmServer(Path folder) {
        this.folder = folder;
    }

    /** The warm server of this user: {@code <cluster cache root>/warm}. */
    static WarmServer forUser() {
        return new WarmServer(ClusterCache.forUser().root().resolve("warm"));
    }

    static void want(boolean reuse) {
        wanted = reuse;
    }

    static boolean wanted() {
        return wanted;
    }

    /** What a state file says about a warm server. */
    record State(long pid, int port, Path data, String key, Instant lastUsed) {

        String describe() {
            return "warm embedded PostgreSQL on 127.0.0.1:%d (pid %d, data %s, last used %s)"
                    .formatted(port, pid, data, lastUsed);
        }
    }

    /** The state of the warm server, if one was started (it may have died since: see {@link #problem}). */
    Optional<State> state() {
        Path file = folder.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            return Optional.of(new State(
                    Long.parseLong(properties.getProperty("pid")),
                    Integer.parseInt(properties.getProperty("port")),
                    Path.of(properties.getProperty("data")),
                    properties.getProperty("key", ""),
                    Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-written or damaged: treated as no server, replaced under the lock
        }
    }

    /**
     * The warm server, checked and attached to, or a new one started when there is none or the one there does not
     * match ({@code key} is the cluster cache key of this JVM's binaries and settings).
     */
    PostgresServer attachOrStart(ClusterCache cache, String key) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(
                            folder.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Optional<State> state = state();
                if (state.isPresent()) {
                    Optional<String> problem = problem(state.get(), key);
                    if (problem.isEmpty()) {
                        touch();
                        WarmPostgresServer server = new WarmPostgresServer(state.get());
                        EmulationTemplates.adoptTemplate(server, false);
                        dropAbandonedDatabases(server);
                        return server;
                    }
                    LOG.warn(
                            "replacing the warm server: {} ({})",
                            problem.get(),
                            state.get().describe());
                }
                stopUnlocked();
                return start(cache, key);
            }
        } catch (IOException | SQLException e) {
            throw new ServerStartException(
                    "embedded backend (--reuse): cannot use the warm server in %s: %s".formatted(folder, e), e);
        }
    }

    /** Why {@code state} cannot be used, or empty when it is alive, on its port and made from {@code key}. */
    static Optional<String> problem(State state, String key) {
        if (!state.key().equals(key)) {
            return Optional.of("it was made from other binaries, settings or emulation");
        }
        List<String> pidFile = postmasterPidFile(state.data());
        if (pidFile.size() < 4
                || !pidFile.get(0).trim().equals(Long.toString(state.pid()))
                || !pidFile.get(3).trim().equals(Integer.toString(state.port()))
                || !EmbeddedDataDirectories.postmasterRuns(state.data())) {
            return Optional.of("its postmaster no longer runs");
        }
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:%d/postgres?connectTimeout=5".formatted(state.port()),
                        "postgres",
                        "");
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            return Optional.of("it does not answer: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static List<String> postmasterPidFile(Path data) {
        try {
            return Files.readAllLines(data.resolve("postmaster.pid"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private PostgresServer start(ClusterCache cache, String key) throws IOException, SQLException {
        Path data = folder.resolve("data");
        EmbeddedDataDirectories.delete(data);
        Postmaster postmaster;
        try {
            postmaster = EmbeddedPostgresServer.startDetached(cache, key, data, folder.resolve("postgres.log"));
        } catch (IOException | RuntimeException e) {
            EmbeddedDataDirectories.stopPostmaster(data);
            EmbeddedDataDirectories.delete(data);
            throw e;
        }
        State state = new State(postmaster.pid(), postmaster.port(), data, key, Instant.now());
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(state.pid()));
        properties.setProperty("port", Integer.toString(state.port()));
        properties.setProperty("data", data.toString());
        properties.setProperty("key", key);
        Path partial = folder.resolve(STATE + ".tmp");
        try (OutputStream out = Files.newOutputStream(partial)) {
            properties.store(out, "pgtrickle-test --reuse: the warm server; pgtrickle-test server stop ends it");
        }
        Files.move(partial, folder.resolve(STATE), StandardCopyOption.ATOMIC_MOVE);
        WarmPostgresServer server = new WarmPostgresServer(state);
        EmulationTemplates.adoptTemplate(server, true);
        LOG.info("started the warm server: {}", state.describe());
        return server;
    }

    /** Record a use: the state file's modification time is what the idle timeout goes by. */
    private void touch() {
        try {
            Files.setLastModifiedTime(folder.resolve(STATE), FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot record the use of the warm server: {}", e.toString());
        }
    }

    /**
     * Project databases that runs killed before their end left behind, dropped when nobody is connected to them (a
     * database another run is using right now has its connections, and is refused).
     */
    private static void dropAbandonedDatabases(PostgresServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.maintenanceDatabase()), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            List<String> abandoned = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database d WHERE datname LIKE"
                    + " 'pgt\\_%' AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)")) {
                while (rows.next()) {
                    abandoned.add(rows.getString(1));
                }
            }
            for (String name : abandoned) {
                try {
                    statement.execute("DROP DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    LOG.info("dropped {}, left in the warm server by a run that did not end", name);
                } catch (SQLException e) {
                    LOG.debug("kept {}: {}", name, e.getMessage()); // someone connected in the meantime
                }
            }
        }
    }

    /** Stop the warm server and remove its folder's data; what was stopped, or empty when none ran. */
    Optional<State> stop() {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(
                            folder.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return stopUnlocked();
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot stop the warm server in %s: %s".formatted(folder, e), e);
        }
    }

    /** {@link #stop} when the warm server has not been used for {@code idle}; what was stopped. */
    Optional<State> stopIfIdle(Duration idle) {
        Optional<State> state = state();
        if (state.isEmpty() || state.get().lastUsed().isAfter(Instant.now().minus(idle))) {
            return Optional.empty();
        }
        LOG.info(
                "stopping the warm server, unused for more than {}: {}",
                idle,
                state.get().describe());
        return stop();
    }

    private Optional<State> stopUnlocked() throws IOException {
        Optional<State> state = state();
        Path data = state.map(State::data).orElse(folder.resolve("data"));
        boolean running = EmbeddedDataDirectories.postmasterRuns(data);
        if (running) {
            stopFast(data);
        }
        EmbeddedDataDirectories.delete(data);
        Files.deleteIfExists(folder.resolve(STATE));
        return running ? state : Optional.empty();
    }

    /** Fast shutdown of the postmaster named in {@code data/postmaster.pid}, then SIGKILL if it does not stop in time. */
    private static void stopFast(Path data) {
        postmasterPidFile(data).stream()
                .findFirst()
                .map(String::trim)
                .map(Long::parseLong)
                .flatMap(ProcessHandle::of)
                .ifPresent(postmaster -> Postmaster.stopFast(postmaster, data, STOP_WAIT));
        EmbeddedDataDirectories.stopPostmaster(data); // SIGTERM, then SIGKILL, for one that did not stop
    }
}
