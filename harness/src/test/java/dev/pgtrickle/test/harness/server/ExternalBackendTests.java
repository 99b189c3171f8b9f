package dev.pgtrickle.test.harness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The external backend pointed at the embedded server, which plays a server somebody else runs: one role may create
 * databases, one may not and owns a database it marked disposable.
 */
@DisplayName("external backend (the embedded server acting as external)")
class ExternalBackendTests {

    private static final String SUFFIX = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String CREATOR = "ext_creator_" + SUFFIX;
    private static final String PLAIN = "ext_plain_" + SUFFIX;
    private static final String DISPOSABLE = "ext_disposable_" + SUFFIX;

    private static EmbeddedPostgresServer embedded;

    @BeforeAll
    static void createRoles() throws SQLException {
        embedded = (EmbeddedPostgresServer)
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        admin("CREATE ROLE " + CREATOR + " LOGIN CREATEDB PASSWORD 'pw'");
        admin("CREATE ROLE " + PLAIN + " LOGIN PASSWORD 'pw'");
        admin("CREATE DATABASE " + DISPOSABLE + " OWNER " + PLAIN);
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DISPOSABLE + " WITH (FORCE)");
        admin("DROP ROLE IF EXISTS " + CREATOR);
        admin("DROP ROLE IF EXISTS " + PLAIN);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        embedded.jdbcUrl("postgres"), embedded.user(), embedded.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String adminQuery(String database, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(embedded.jdbcUrl(database), embedded.user(), embedded.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static ExternalConnection as(String user, String database, boolean disposable) {
        return new ExternalConnection("127.0.0.1", embedded.port(), user, "pw", database, disposable);
    }

    @Test
    @DisplayName("a role with CREATEDB gets a database of its own, which is dropped afterwards")
    void createsItsOwnDatabase() throws SQLException {
        PostgresServer server = ExternalPostgresServer.connect(as(CREATOR, "postgres", false));
        assertThat(server.createsDatabases()).isTrue();
        assertThat(server.emulatesPgTrickle()).isTrue();
        String name;
        try (ProjectDatabase database = ProjectDatabase.create(server, "external", ProjectDatabase.DEFAULT_TICK);
                Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_user, pgtrickle.version()")) {
            name = database.name();
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(CREATOR);
            assertThat(database.createdByHarness()).isTrue();
            assertThat(adminQuery(
                            "postgres",
                            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + name + "'"))
                    .isEqualTo(CREATOR);
        }
        assertThat(adminQuery("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                .isEqualTo("0");
    }

    @Test
    @DisplayName("a role without CREATEDB and no disposable database is refused, and nothing is created")
    void refusesWithoutCreatedbOrDisposable() throws SQLException {
        PostgresServer server = ExternalPostgresServer.connect(as(PLAIN, DISPOSABLE, false));
        String databasesBefore = adminQuery("postgres", "SELECT count(*) FROM pg_database");
        String objectsBefore = adminQuery(DISPOSABLE, "SELECT count(*) FROM pg_class");

        assertThat(server.createsDatabases()).isFalse();
        assertThatThrownBy(() -> ProjectDatabase.create(server, "external", ProjectDatabase.DEFAULT_TICK))
                .isInstanceOf(ServerStartException.class)
                .hasMessage(("external backend: user '%s' may not create databases, and database '%s' is not marked"
                                + " disposable; grant CREATEDB, or set pgtrickle.external.disposable=true if the harness"
                                + " may create and drop objects in it")
                        .formatted(PLAIN, DISPOSABLE));
        assertThat(adminQuery("postgres", "SELECT count(*) FROM pg_database")).isEqualTo(databasesBefore);
        assertThat(adminQuery(DISPOSABLE, "SELECT count(*) FROM pg_class")).isEqualTo(objectsBefore);
    }

    @Test
    @DisplayName("a database marked disposable is used as it is, and neither dropped nor emptied afterwards")
    void usesDisposableDatabaseWithoutDroppingIt() throws SQLException {
        try (Connection owner = DriverManager.getConnection(embedded.jdbcUrl(DISPOSABLE), PLAIN, "pw");
                Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS keep_me (id int)");
            statement.execute("INSERT INTO keep_me VALUES (42)");
        }
        PostgresServer server = ExternalPostgresServer.connect(as(PLAIN, DISPOSABLE, true));

        try (ProjectDatabase database = ProjectDatabase.create(server, "external", ProjectDatabase.DEFAULT_TICK)) {
            assertThat(database.name()).isEqualTo(DISPOSABLE);
            assertThat(database.createdByHarness()).isFalse();
            assertThat(database.pgTrickle().emulated()).isTrue();
        }

        assertThat(adminQuery("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + DISPOSABLE + "'"))
                .isEqualTo("1");
        assertThat(adminQuery(DISPOSABLE, "SELECT string_agg(id::text, ',') FROM keep_me"))
                .isEqualTo("42");
    }

    @Test
    @DisplayName("a server that cannot be reached is a message naming the URL and the settings to check")
    void unreachable() {
        assertThatThrownBy(() -> ExternalPostgresServer.connect(
                        new ExternalConnection("127.0.0.1", 1, "nobody", "", "postgres", false)))
                .isInstanceOf(ServerStartException.class)
                .hasMessageStartingWith(
                        "external backend: cannot connect to jdbc:postgresql://127.0.0.1:1/postgres as" + " nobody: ")
                .hasMessageEndingWith(
                        "check the pgtrickle.external.* settings or the PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE"
                                + " variables");
    }
}
