package dev.pgtrickle.test.harness.server;

/**
 * What every embedded server has in common, whether this JVM started it ({@link EmbeddedPostgresServer}) or an
 * earlier command-line run did ({@link WarmPostgresServer}): the zonky binaries on 127.0.0.1, the {@code postgres}
 * superuser without a password, and the pg_trickle emulation.
 */
interface EmbeddedServer extends PostgresServer {

    /** TCP port the server listens on (127.0.0.1). */
    int port();

    @Override
    default BackendKind kind() {
        return BackendKind.EMBEDDED;
    }

    @Override
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port(), database);
    }

    @Override
    default String user() {
        return "postgres";
    }

    @Override
    default String password() {
        return "";
    }

    @Override
    default String maintenanceDatabase() {
        return "postgres";
    }

    @Override
    default boolean emulatesPgTrickle() {
        return true;
    }

    @Override
    default boolean createsDatabases() {
        return true;
    }
}
