package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until the container's PostgreSQL accepts SQL connections <em>and</em> {@code pg_trickle} is listed in
 * {@code pg_extension} of the image's database.
 *
 * <p>The pg_trickle image creates the extension from an init script during its first start, then restarts the server.
 * Seeing "ready to accept connections" twice in the log is necessary but not proof that the init script succeeded, and
 * a reused container prints its log lines only once per life; asking the catalog is the real test.
 */
final class PgTrickleExtensionWaitStrategy extends AbstractWaitStrategy {

    private static final long POLL_MILLIS = 250;

    private final int containerPort;
    private final String database;
    private final String user;
    private final String password;

    PgTrickleExtensionWaitStrategy(int containerPort, String database, String user, String password) {
        this.containerPort = containerPort;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    protected void waitUntilReady() {
        String url = "jdbc:postgresql://%s:%d/%s"
                .formatted(waitStrategyTarget.getHost(), waitStrategyTarget.getMappedPort(containerPort), database);
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String lastProblem = "no attempt made";
        while (System.nanoTime() < deadline) {
            try {
                if (extensionExists(url)) {
                    return;
                }
                lastProblem = "connected, but pg_trickle is not in pg_extension of database " + database;
            } catch (SQLException e) {
                lastProblem = e.getMessage();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for pg_trickle", e);
            }
        }
        throw new ContainerLaunchException(
                "pg_trickle did not become available in %s within %ds (last: %s); the image's init script creates it"
                                .formatted(url, startupTimeout.toSeconds(), lastProblem)
                        + " on first start: check the container log");
    }

    private boolean extensionExists(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_trickle'")) {
            return rows.next();
        }
    }
}
