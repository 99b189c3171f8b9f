package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real pg_trickle image run with Testcontainers.
 *
 * <p>The image bakes {@code shared_preload_libraries='pg_trickle'} (and its other defaults) into
 * {@code postgresql.conf}. Settings given with {@code -c} on the command line override single parameters and leave the
 * rest of that file alone, so the {@link #SERVER_SETTINGS} add test-friendly values without dropping the preload; the
 * {@link #PG_TRICKLE_SETTINGS} go through {@code ALTER SYSTEM}, which also leaves the preload alone.
 * Its first initialisation creates the extension in {@code POSTGRES_DB} and then restarts the server; the wait strategy
 * waits for the second "ready" log line and then until {@code pg_extension} lists pg_trickle.
 *
 * <p>Reuse is opt-in twice over, as Testcontainers wants: {@code pgtrickle.container.reuse=true} here and
 * {@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}. A reused container is left running
 * when the JVM ends; the project databases in it are still dropped.
 */
final class ContainerPostgresServer implements PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerPostgresServer.class);

    /**
     * Core parameters set with {@code -c}: durability off (a test server holds nothing worth keeping) and room for
     * parallel test classes. These exist in every PostgreSQL 18, so they cannot stop the server from starting.
     */
    static final Map<String, String> SERVER_SETTINGS = orderedMap(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off",
            "max_connections", "300");

    /**
     * pg_trickle parameters for tests: a fast scheduler without back-off, so a refresh follows a change within about a
     * second. They are set after start with {@code ALTER SYSTEM} and a reload, as upstream's own tests do, rather than
     * with {@code -c}: a name or range an older image does not accept is then a logged warning, not a server that
     * refuses to start.
     */
    static final Map<String, String> PG_TRICKLE_SETTINGS = orderedMap(
            "pg_trickle.scheduler_interval_ms", "100",
            "pg_trickle.min_schedule_seconds", "1",
            "pg_trickle.auto_backoff", "off");

    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    /**
     * Docker gives a container 64 MB of {@code /dev/shm}, where PostgreSQL keeps its dynamic shared memory (parallel
     * query, pg_trickle's parallel refresh workers); upstream's own container tests use 512 MB.
     */
    static final long SHARED_MEMORY_BYTES = 512L * 1024 * 1024;

    private final PostgreSQLContainer container;
    private final String image;

    private ContainerPostgresServer(PostgreSQLContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The container command: {@code postgres} followed by one {@code -c name=value} per server setting. */
    static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add("postgres");
        SERVER_SETTINGS.forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        return List.copyOf(command);
    }

    static ContainerPostgresServer start(ServerSettings settings) {
        String image = settings.containerImage();
        if (!DockerAvailability.isAvailable()) {
            throw new ServerStartException(
                    "container backend: Docker is not available, so the pg_trickle image %s cannot run; start a Docker"
                                    .formatted(image)
                            + " engine, or choose -Dpgtrickle.backend=embedded (pg_trickle emulated) or external");
        }
        PostgreSQLContainer container = createContainer(image, settings.containerReuse());
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new ServerStartException(
                    "container backend: image %s did not start: %s; check that the tag exists (docker pull %s) or"
                                    .formatted(image, rootMessage(e), image)
                            + " choose another with -Dpgtrickle.image / PGTRICKLE_IMAGE",
                    e);
        }
        ContainerPostgresServer server = new ContainerPostgresServer(container, image);
        server.applyPgTrickleSettings();
        return server;
    }

    /** {@code ALTER SYSTEM} for each pg_trickle test setting the server accepts, then reload and wait until visible. */
    private void applyPgTrickleSettings() {
        Map<String, String> applied = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(DATABASE), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> setting : PG_TRICKLE_SETTINGS.entrySet()) {
                try {
                    statement.execute("ALTER SYSTEM SET %s = '%s'".formatted(setting.getKey(), setting.getValue()));
                    applied.put(setting.getKey(), setting.getValue());
                } catch (SQLException e) {
                    LOG.warn(
                            "{}: pg_trickle test setting {}={} not applied: {}",
                            image,
                            setting.getKey(),
                            setting.getValue(),
                            e.getMessage());
                }
            }
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            LOG.warn("{}: could not apply the pg_trickle test settings: {}", image, e.getMessage());
            return;
        }
        awaitVisible(applied);
    }

    /** The postmaster re-reads its configuration asynchronously; new sessions see the values once it has. */
    private void awaitVisible(Map<String, String> settings) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(DATABASE), USER, PASSWORD);
                    Statement statement = connection.createStatement()) {
                if (allVisible(statement, settings)) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (SQLException e) {
                LOG.debug("waiting for the reloaded configuration: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("{}: pg_trickle test settings {} not visible 10 s after the reload", image, settings);
    }

    private static boolean allVisible(Statement statement, Map<String, String> settings) throws SQLException {
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            // pg_settings.setting holds the value in the parameter's base unit without the unit suffix ('100', 'off').
            try (ResultSet rows = statement.executeQuery(
                    "SELECT setting FROM pg_settings WHERE name = '%s'".formatted(setting.getKey()))) {
                if (!rows.next() || !setting.getValue().equals(rows.getString(1))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The configured, not yet started container (package-private so tests can inspect it without Docker). */
    static PostgreSQLContainer createContainer(String image, boolean reuse) {
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new PostgreSQLContainer(name)
                .withUsername(USER)
                .withPassword(PASSWORD)
                .withDatabaseName(DATABASE)
                .withSharedMemorySize(SHARED_MEMORY_BYTES)
                .withReuse(reuse);
        container.setCommand(command().toArray(String[]::new));
        container.waitingFor(new WaitAllStrategy(WaitAllStrategy.Mode.WITH_INDIVIDUAL_TIMEOUTS_ONLY)
                .withStrategy(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(STARTUP_TIMEOUT))
                .withStrategy(new PgTrickleExtensionWaitStrategy(
                                PostgreSQLContainer.POSTGRESQL_PORT, DATABASE, USER, PASSWORD)
                        .withStartupTimeout(Duration.ofSeconds(60))));
        return container;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }

    @Override
    public BackendKind kind() {
        return BackendKind.CONTAINER;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://%s:%d/%s"
                .formatted(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), database);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public String maintenanceDatabase() {
        return DATABASE;
    }

    @Override
    public boolean emulatesPgTrickle() {
        return false;
    }

    @Override
    public boolean createsDatabases() {
        return true;
    }

    @Override
    public String describe() {
        return "container %s on %s:%d"
                .formatted(image, container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
    }

    @Override
    public void close() {
        if (!container.isShouldBeReused()) {
            container.close();
        }
    }
}
