package dev.pgtrickle.test.harness.emulation;

import dev.pgtrickle.test.harness.server.ConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Installs the emulation of pg_trickle's SQL API into a database and starts its scheduler. */
public final class PgTrickleEmulation {

    /** The pg_trickle version whose SQL API is emulated. */
    public static final String VERSION = "0.67.0";

    private PgTrickleEmulation() {}

    /** Install the emulation into the database behind {@code connection}. TODO(emulation issue): implement. */
    public static void install(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS pgtrickle");
            statement.execute("CREATE OR REPLACE FUNCTION pgtrickle.version() RETURNS text LANGUAGE sql AS $$ SELECT '"
                    + VERSION + "-emulated'::text $$");
        }
    }

    /** Start the scheduler tick for one database. */
    public static EmulationScheduler startScheduler(String database, ConnectionFactory connections, Duration tick) {
        return new EmulationScheduler(database, connections, tick);
    }
}
