package dev.pgtrickle.test.harness.contract;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.DockerAvailability;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SettingSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same pg_trickle contract against the real extension in its runnable image; skipped when Docker is missing.
 *
 * <p>The image comes from {@code -Dpgtrickle.image} / {@code PGTRICKLE_IMAGE} (CI runs a matrix over image tags), the
 * default tag otherwise. The real scheduler is a background worker that the launcher starts for a database only after
 * it noticed the database (it scans every 10 s; {@code CREATE EXTENSION} and {@code _signal_launcher_rescan()} make it
 * look sooner), hence the wait before the first test and the longer polling timeout.
 */
@Tag("docker")
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "Docker is not available, so the real pg_trickle image cannot run")
@DisplayName("pg_trickle contract: real extension in the container image")
class ContainerPgTrickleContractTests extends PgTrickleContract {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerPgTrickleContractTests.class);

    /** Upstream's own tests give the scheduler 90 s to appear and 60 s per refresh; a refresh here may need both. */
    private static final Duration SCHEDULER_START = Duration.ofSeconds(90);

    private static final Duration NUDGE_EVERY = Duration.ofSeconds(10);

    static boolean dockerAvailable() {
        return DockerAvailability.isAvailable();
    }

    @Override
    protected ServerSettings serverSettings() {
        // The image named on the command line (CI matrix) or in the environment, not always the default tag.
        return ServerSettings.resolve(SettingSource.systemProperties(), SettingSource.environment())
                .withBackend(BackendKind.CONTAINER);
    }

    @Override
    protected Duration schedulerTimeout() {
        return Duration.ofSeconds(120);
    }

    /**
     * Poll {@code pg_stat_activity} for this database's {@code pg_trickle scheduler} worker, nudging the launcher every
     * 10 s as upstream's tests do. A scheduler that never comes is not an error here: the scheduler tests then fail
     * with their own timeouts, and the others do not need it.
     */
    @Override
    protected void awaitScheduler(ProjectDatabase database) {
        long deadline = System.nanoTime() + SCHEDULER_START.toNanos();
        long nextNudge = System.nanoTime() + NUDGE_EVERY.toNanos();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_stat_activity"
                        + " WHERE backend_type = 'pg_trickle scheduler' AND datname = current_database())")) {
                    if (rows.next() && rows.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > nextNudge) {
                    nudgeLauncher(statement);
                    nextNudge = System.nanoTime() + NUDGE_EVERY.toNanos();
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            LOG.warn("no pg_trickle scheduler for {} after {} s", database, SCHEDULER_START.toSeconds());
        } catch (SQLException e) {
            LOG.warn("could not watch for the pg_trickle scheduler of {}: {}", database, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void nudgeLauncher(Statement statement) throws SQLException {
        try (ResultSet rows =
                statement.executeQuery("SELECT to_regprocedure('pgtrickle._signal_launcher_rescan()') IS NOT NULL")) {
            if (!rows.next() || !rows.getBoolean(1)) {
                return;
            }
        }
        statement.execute("SELECT pgtrickle._signal_launcher_rescan()");
    }
}
