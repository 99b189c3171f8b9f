package dev.pgtrickle.test.harness.server;

import java.util.Optional;

/**
 * How to reach a server the harness does not run.
 *
 * @param host host name
 * @param port TCP port
 * @param user user name
 * @param password password, possibly empty
 * @param database the database named by the user; the harness never drops or truncates it
 * @param disposable the user declared {@code database} disposable, so destructive steps may run in it directly when
 *     the harness cannot create databases of its own
 */
public record ExternalConnection(
        String host, int port, String user, String password, String database, boolean disposable) {

    public static final String HOST_KEY = "pgtrickle.external.host";
    public static final String PORT_KEY = "pgtrickle.external.port";
    public static final String USER_KEY = "pgtrickle.external.user";
    public static final String PASSWORD_KEY = "pgtrickle.external.password";
    public static final String DATABASE_KEY = "pgtrickle.external.database";
    public static final String DISPOSABLE_KEY = "pgtrickle.external.disposable";

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://%s:%d/%s".formatted(host, port, databaseName);
    }

    /**
     * External settings from explicit keys, falling back to libpq's {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
     * {@code PGPASSWORD} and {@code PGDATABASE}. Present when a host was given either way.
     */
    static Optional<ExternalConnection> resolve(SettingSource configured, SettingSource environment) {
        Optional<String> host = configured.get(HOST_KEY).or(() -> environment.get("PGHOST"));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String portText =
                configured.get(PORT_KEY).or(() -> environment.get("PGPORT")).orElse("5432");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "external backend: port '%s' is not a number; set %s or PGPORT to a TCP port"
                            .formatted(portText, PORT_KEY),
                    e);
        }
        String user =
                configured.get(USER_KEY).or(() -> environment.get("PGUSER")).orElse("postgres");
        String password = configured
                .get(PASSWORD_KEY)
                .or(() -> environment.get("PGPASSWORD"))
                .orElse("");
        String database = configured
                .get(DATABASE_KEY)
                .or(() -> environment.get("PGDATABASE"))
                .orElse("postgres");
        boolean disposable =
                configured.get(DISPOSABLE_KEY).map(Boolean::parseBoolean).orElse(false);
        return Optional.of(new ExternalConnection(host.get(), port, user, password, database, disposable));
    }

    @Override
    public String toString() {
        // never print the password
        return "ExternalConnection[%s@%s:%d/%s%s]"
                .formatted(user, host, port, database, disposable ? ", disposable" : "");
    }
}
