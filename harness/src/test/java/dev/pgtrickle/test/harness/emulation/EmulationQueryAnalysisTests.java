package dev.pgtrickle.test.harness.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How the emulation reads a defining query's top level: literals, comments and parentheses never fool it. */
@DisplayName("pg_trickle emulation: query analysis")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulationQueryAnalysisTests {

    private ProjectDatabase database;
    private Connection connection;

    @BeforeAll
    void createDatabase() throws SQLException {
        PostgresServer server = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        database = ProjectDatabase.create(server, "analysis", Duration.ofHours(1));
        connection = database.connect();
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    private String call(String function, String query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function)) {
            statement.setString(1, query);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private String mask(String query) throws SQLException {
        return call("pgtrickle._emulation_top_level_mask(?)", query);
    }

    private String counted(String query) throws SQLException {
        return call("pgtrickle._emulation_counted_query(?, 'DIFFERENTIAL', ARRAY['a', 'b'])", query);
    }

    @Test
    @DisplayName("the top-level mask keeps positions and blanks literals, comments, dollar quotes and parentheses")
    void topLevelMask() throws SQLException {
        String query = "SELECT a, 'x LIMIT (' AS \"LIMIT\" -- LIMIT 1\n FROM (SELECT 1 LIMIT 2) s /* LIMIT */"
                + " WHERE b = $t$ LIMIT $t$ ORDER BY a LIMIT 3";
        String mask = mask(query);
        assertThat(mask).hasSameSizeAs(query);
        assertThat(mask.split("limit", -1)).hasSize(2);
        assertThat(mask).startsWith("select a,").contains(" from ").endsWith("order by a limit 3");
    }

    @Test
    @DisplayName("__pgt_count is added before the top-level FROM of a GROUP BY, never inside functions or subqueries")
    void countedGroupBy() throws SQLException {
        assertThat(counted("SELECT a, extract(year FROM ts) AS b, count(*) FROM t GROUP BY 1, 2"))
                .isEqualTo(
                        "SELECT a, extract(year FROM ts) AS b, count(*) , count(*) AS __pgt_count FROM t GROUP BY 1, 2");
        assertThat(counted("WITH x AS (SELECT a FROM t) SELECT a, max(b) AS b FROM x GROUP BY a"))
                .isEqualTo(
                        "WITH x AS (SELECT a FROM t) SELECT a, max(b) AS b , count(*) AS __pgt_count FROM x GROUP BY a");
        assertThat(counted("SELECT DISTINCT a, b FROM t"))
                .isEqualTo("SELECT sub.a, sub.b, count(*) AS __pgt_count FROM (SELECT          a, b FROM t) sub"
                        + " GROUP BY sub.a, sub.b");
    }

    @Test
    @DisplayName("no __pgt_count for plain queries, DISTINCT ON, set operations, top-K or FULL mode")
    void notCounted() throws SQLException {
        assertThat(counted("SELECT a, b FROM t WHERE a IN (SELECT a FROM u GROUP BY a)"))
                .isNull();
        assertThat(counted("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b")).isNull();
        assertThat(counted("SELECT a, b FROM t GROUP BY a, b UNION SELECT a, b FROM u"))
                .isNull();
        assertThat(counted("SELECT a, count(*) AS b FROM t GROUP BY a ORDER BY b DESC LIMIT 3"))
                .isNull();
        assertThat(call("pgtrickle._emulation_counted_query(?, 'FULL', ARRAY['a'])", "SELECT a FROM t GROUP BY a"))
                .isNull();
    }
}
