package dev.pgtrickle.test.harness.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real pg_trickle image run with Testcontainers.
 *
 * <p>The image bakes {@code shared_preload_libraries='pg_trickle'} (and its other defaults) into
 * {@code postgresql.conf}. Settings given with {@code -c} on the command line override single parameters and leave the
 * rest of that file alone, so the {@link #TEST_SETTINGS} below add test-friendly values without dropping the preload.
 * Its first initialisation creates the extension in {@code POSTGRES_DB} and then restarts the server; the wait strategy
 * waits for the second "ready" log line and then until {@code pg_extension} lists pg_trickle.
 *
 * <p>Reuse is opt-in twice over, as Testcontainers wants: {@code pgtrickle.container.reuse=true} here and
 * {@code testcontainers.reuse.enable=true} in {@code ~/.testcontainers.properties}. A reused container is left running
 * when the JVM ends; the project databases in it are still dropped.
 */
final class ContainerPostgresServer implements PostgresServer {

    /**
     * Parameters set with {@code -c}: durability off (a test server holds nothing worth keeping), a fast scheduler
     * without back-off (so refreshes happen within a second), and room for parallel test classes. An unknown
     * {@code pg_trickle.*} name is only a warning in PostgreSQL, so older images accept the list too.
     */
    static final Map<String, String> TEST_SETTINGS = testSettings();

    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final PostgreSQLContainer container;
    private final String image;

    private ContainerPostgresServer(PostgreSQLContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    private static Map<String, String> testSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "off");
        settings.put("max_connections", "300");
        settings.put("pg_trickle.scheduler_interval_ms", "100");
        settings.put("pg_trickle.min_schedule_seconds", "1");
        settings.put("pg_trickle.auto_backoff", "off");
        return java.util.Collections.unmodifiableMap(settings);
    }

    /** The container command: {@code postgres} followed by one {@code -c name=value} per test setting. */
    static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add("postgres");
        TEST_SETTINGS.forEach((name, value) -> {
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
        return new ContainerPostgresServer(container, image);
    }

    /** The configured, not yet started container (package-private so tests can inspect it without Docker). */
    static PostgreSQLContainer createContainer(String image, boolean reuse) {
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new PostgreSQLContainer(name)
                .withUsername(USER)
                .withPassword(PASSWORD)
                .withDatabaseName(DATABASE)
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
