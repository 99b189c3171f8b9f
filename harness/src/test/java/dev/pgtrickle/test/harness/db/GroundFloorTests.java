package dev.pgtrickle.test.harness.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("db: transactions, relkind and versions")
class GroundFloorTests {

    private static ProjectDatabase database;
    private Connection connection;

    @BeforeAll
    static void createDatabase() {
        database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                "GroundFloorTests",
                ProjectDatabase.DEFAULT_TICK);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = database.connect();
        execute("DROP TABLE IF EXISTS kept, t CASCADE");
    }

    @AfterEach
    void disconnect() throws SQLException {
        connection.close();
    }

    @Test
    void committedWorkStaysAndAutoCommitIsRestored() throws SQLException {
        String answer = Transactions.get(connection, c -> {
            execute(c, "CREATE TABLE kept (id int)");
            return "done";
        });

        assertThat(answer).isEqualTo("done");
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(Catalogs.relkind(connection, "public", "kept")).contains('r');
    }

    @Test
    void aFailureRollsEverythingBackAndRestoresAutoCommit() throws SQLException {
        connection.setAutoCommit(true);

        assertThatThrownBy(() -> Transactions.run(connection, c -> {
                    execute(c, "CREATE TABLE t (id int)");
                    execute(c, "SELECT no_such_column FROM t");
                }))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> Transactions.run(connection, c -> {
                    execute(c, "CREATE TABLE t (id int)");
                    throw new IllegalStateException("not SQL");
                }))
                .hasMessage("not SQL");

        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(Catalogs.relkind(connection, "public", "t")).isEmpty();
    }

    @Test
    void readOnlyRefusesWritesAndNeverCommits() throws SQLException {
        execute("CREATE TABLE t (id int)");
        execute("INSERT INTO t VALUES (1)");

        long count = Transactions.readOnly(connection, c -> {
            try (Statement statement = c.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                rows.next();
                return rows.getLong(1);
            }
        });
        assertThatThrownBy(() -> Transactions.readOnly(connection, c -> {
                    execute(c, "INSERT INTO t VALUES (2)");
                    return null;
                }))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only transaction");

        assertThat(count).isEqualTo(1);
        assertThat(connection.getAutoCommit()).isTrue();
        // The connection is usable and writable again: the read-only transaction ended.
        execute("INSERT INTO t VALUES (3)");
    }

    @Test
    void relkindTellsTablesFromViewsAndNamesAreExact() throws SQLException {
        execute("CREATE TABLE t (id int)");
        execute("CREATE VIEW \"V\" AS SELECT 1 AS one");

        assertThat(Catalogs.relkind(connection, "public", "t")).contains('r');
        assertThat(Catalogs.relkind(connection, "public", "V")).contains('v');
        assertThat(Catalogs.relkind(connection, "public", "v")).isEmpty();
        execute("DROP VIEW \"V\"");
    }

    @Test
    void versionsCompareNumericallyWithMissingPartsAsZero() {
        assertThat(Versions.compare("0.10.0", "0.9.9")).isPositive();
        assertThat(Versions.compare("0.2", "0.2.0")).isZero();
        assertThat(Versions.compare("0.2.1", "0.2.2")).isNegative();
        assertThat(Versions.atLeast("0.67.0", "0.18.0")).isTrue();
        assertThat(Versions.numericPart("0.67.0-pgtrickle-test-emulation")).isEqualTo("0.67.0");
        assertThat(Versions.numericPart("unknown")).isEqualTo("0.0.0");
    }

    private void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
