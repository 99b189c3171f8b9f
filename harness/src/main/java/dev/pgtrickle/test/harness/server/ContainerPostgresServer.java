package dev.pgtrickle.test.harness.server;

import java.time.Duration;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real pg_trickle image run with Testcontainers.
 *
 * <p>The image bakes {@code shared_preload_libraries='pg_trickle'} into {@code postgresql.conf}, so the {@code -c}
 * options below add test settings on top of it without replacing it. Its first initialisation creates the extension in
 * {@code POSTGRES_DB} and then restarts the server; the wait strategy therefore waits for the second "ready" log line,
 * and {@link #start} then checks that the extension is really there.
 */
final class ContainerPostgresServer implements PostgresServer {

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static ContainerPostgresServer start(ServerSettings settings) {
        if (!DockerAvailability.isAvailable()) {
            throw new ServerStartException(
                    "container backend: Docker is not available, so the pg_trickle image %s cannot run; start a Docker"
                                    .formatted(settings.containerImage())
                            + " engine, or choose -Dpgtrickle.backend=embedded (pg_trickle emulated) or external");
        }
        DockerImageName image = DockerImageName.parse(settings.containerImage()).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new PostgreSQLContainer(image)
                .withUsername("postgres")
                .withPassword("postgres")
                .withDatabaseName("postgres")
                .withReuse(settings.containerReuse())
                .withStartupTimeout(Duration.ofMinutes(3));
        container.setCommand(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=300",
                "-c",
                "pg_trickle.scheduler_interval_ms=100",
                "-c",
                "pg_trickle.auto_backoff=off");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new ServerStartException(
                    "container backend: image %s did not start: %s"
                            .formatted(settings.containerImage(), e.getMessage()),
                    e);
        }
        return new ContainerPostgresServer(container);
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
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
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
                .formatted(
                        container.getDockerImageName(),
                        container.getHost(),
                        container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
    }

    @Override
    public void close() {
        container.close();
    }
}
