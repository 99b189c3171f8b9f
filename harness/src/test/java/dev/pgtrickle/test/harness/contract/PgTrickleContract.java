package dev.pgtrickle.test.harness.contract;

import static org.awaitility.Awaitility.await;

import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared plumbing of the pg_trickle contract: one database per concrete test class (real extension or emulation,
 * decided by {@link #serverSettings()}), one fresh schema and connection per test, polling helpers.
 *
 * <p>The tests themselves only use pg_trickle's SQL API and catalog, so the same test runs against the emulation and
 * against the real image; what differs between the two is written down in {@code docs/emulation-fidelity.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PgTrickleContract
        implements CatalogContract,
                CreateContract,
                QueryAcceptanceContract,
                MonitoringContract,
                ChangeContract,
                RefreshContract,
                SchedulerContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private ProjectDatabase database;

    private ContractDatabase db;

    @Override
    public ContractDatabase db() {
        return db;
    }

    /** Which server (and therefore real or emulated pg_trickle) the contract runs against. */
    protected abstract ServerSettings serverSettings();

    /** How long a test waits for the scheduler; the real scheduler needs a while to notice a new database. */
    protected abstract Duration schedulerTimeout();

    @BeforeAll
    void createDatabase() {
        PostgresServer server = SharedServers.acquire(serverSettings());
        // ProjectDatabase installs pg_trickle (CREATE EXTENSION on a real server, which itself signals the launcher
        // in the versions that have _signal_launcher_rescan(); the harness signals it once more when it exists).
        database = ProjectDatabase.create(server, getClass().getSimpleName(), Duration.ofMillis(100));
        awaitScheduler(database);
    }

    /**
     * Wait, before the first test, until the database's scheduler runs. Nothing to wait for with the emulation (its
     * scheduler thread starts with the database); the real extension overrides this.
     */
    protected void awaitScheduler(ProjectDatabase database) {}

    @AfterAll
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void openSchema() throws SQLException {
        db = new ContractDatabase(database.connect(), "contract_" + SCHEMAS.incrementAndGet(), database.pgTrickle());
    }

    @AfterEach
    void closeSchema() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    @Override
    public Connection otherConnection() throws SQLException {
        return database.connect();
    }

    @Override
    public void eventually(ThrowingRunnable assertion) {
        poll().untilAsserted(assertion);
    }

    private ConditionFactory poll() {
        return await().atMost(schedulerTimeout())
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof SQLException);
    }
}
