package dev.pgtrickle.test.harness.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A server somebody else runs. The harness connects, creates databases of its own when the user may
 * ({@code CREATEDB} or superuser), and otherwise works only in a database the user marked disposable.
 */
final class ExternalPostgresServer implements PostgresServer {

    private final ExternalConnection connection;
    private final boolean createsDatabases;
    private final boolean pgTrickleAvailable;

    private ExternalPostgresServer(
            ExternalConnection connection, boolean createsDatabases, boolean pgTrickleAvailable) {
        this.connection = connection;
        this.createsDatabases = createsDatabases;
        this.pgTrickleAvailable = pgTrickleAvailable;
    }

    static ExternalPostgresServer connect(ExternalConnection settings) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", "10");
        try (Connection probe = DriverManager.getConnection(settings.jdbcUrl(settings.database()), properties);
                Statement statement = probe.createStatement()) {
            boolean canCreate;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
                canCreate = rows.next() && rows.getBoolean(1);
            }
            boolean available;
            try (ResultSet rows =
                    statement.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trickle'")) {
                available = rows.next();
            }
            return new ExternalPostgresServer(settings, canCreate, available);
        } catch (SQLException e) {
            throw new ServerStartException(
                    "external backend: cannot connect to %s as %s: %s; check the pgtrickle.external.* settings or the"
                                    .formatted(settings.jdbcUrl(settings.database()), settings.user(), e.getMessage())
                            + " PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE variables",
                    e);
        }
    }

    /** The connection settings the user gave. */
    ExternalConnection settings() {
        return connection;
    }

    @Override
    public BackendKind kind() {
        return BackendKind.EXTERNAL;
    }

    @Override
    public String jdbcUrl(String database) {
        return connection.jdbcUrl(database);
    }

    @Override
    public String user() {
        return connection.user();
    }

    @Override
    public String password() {
        return connection.password();
    }

    @Override
    public String maintenanceDatabase() {
        return connection.database();
    }

    @Override
    public boolean emulatesPgTrickle() {
        return !pgTrickleAvailable;
    }

    @Override
    public boolean createsDatabases() {
        return createsDatabases;
    }

    @Override
    public String describe() {
        return "external PostgreSQL at %s:%d".formatted(connection.host(), connection.port());
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
