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
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (a int, b int, ts timestamptz, x float8, y float8)");
            statement.execute("CREATE TABLE u (a int, b int)");
        }
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

    /** The query that fills the auxiliary columns of a DIFFERENTIAL stream table over {@code query}, or null. */
    private String counted(String query) throws SQLException {
        return call("aux_query FROM pgtrickle._emulation_analyze(?, 'DIFFERENTIAL')", query);
    }

    private String auxColumns(String query, String mode) throws SQLException {
        return call("array_to_string(aux_columns, ',') FROM pgtrickle._emulation_analyze(?, '" + mode + "')", query);
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
                        "SELECT a, extract(year FROM ts) AS b, count(*), count(*) AS __pgt_count FROM t GROUP BY 1, 2");
        assertThat(counted("WITH x AS (SELECT a, b FROM t) SELECT a, max(b) AS b FROM x GROUP BY a"))
                .isEqualTo(
                        "WITH x AS (SELECT a, b FROM t) SELECT a, max(b) AS b, count(*) AS __pgt_count FROM x GROUP BY a");
        assertThat(counted("SELECT DISTINCT a, b FROM t"))
                .isEqualTo("SELECT sub.a, sub.b, count(*) AS __pgt_count FROM (SELECT          a, b FROM t) sub"
                        + " GROUP BY sub.a, sub.b");
        assertThat(counted("SELECT count(*) AS n FROM t"))
                .isEqualTo("SELECT count(*) AS n, count(*) AS __pgt_count FROM t");
        assertThat(counted("SELECT a FROM t UNION ALL SELECT a FROM u UNION SELECT b FROM u WHERE 'union' <> ''"))
                .isEqualTo("SELECT sub.a, count(*) AS __pgt_count FROM (SELECT a FROM t UNION ALL SELECT a FROM u"
                        + " UNION ALL SELECT b FROM u WHERE 'union' <> '') sub GROUP BY sub.a");
    }

    @Test
    @DisplayName("AVG/STDDEV/CORR get the real __pgt_aux_* columns, named after the output column; DISTINCT ones none")
    void auxiliaryColumns() throws SQLException {
        assertThat(auxColumns(
                        "SELECT a, AVG(b) AS avg_b, stddev(x) sd, corr(y, x) AS r, avg(DISTINCT b) d FROM t"
                                + " GROUP BY a",
                        "DIFFERENTIAL"))
                .isEqualTo("__pgt_count,__pgt_aux_sum_avg_b,__pgt_aux_count_avg_b,__pgt_aux_sum_sd,__pgt_aux_count_sd,"
                        + "__pgt_aux_sum_r,__pgt_aux_count_r,__pgt_aux_sum2_sd,__pgt_aux_sumx_r,__pgt_aux_sumy_r,"
                        + "__pgt_aux_sumxy_r,__pgt_aux_sumx2_r,__pgt_aux_sumy2_r");
        assertThat(counted("SELECT a, corr(y, x) AS r FROM t GROUP BY a"))
                .isEqualTo("SELECT a, corr(y, x) AS r, count(*) AS __pgt_count, COALESCE(SUM(y), 0) AS __pgt_aux_sum_r,"
                        + " COUNT(y) AS __pgt_aux_count_r, COALESCE(SUM(x), 0) AS __pgt_aux_sumx_r,"
                        + " COALESCE(SUM(y), 0) AS __pgt_aux_sumy_r, COALESCE(SUM((x) * (y)), 0) AS __pgt_aux_sumxy_r,"
                        + " COALESCE(SUM((x) * (x)), 0) AS __pgt_aux_sumx2_r, COALESCE(SUM((y) * (y)), 0) AS"
                        + " __pgt_aux_sumy2_r FROM t GROUP BY a");
        assertThat(auxColumns(
                        "SELECT a, round(avg(b), 2) AS m, avg(b) FILTER (WHERE a > 0) AS f FROM t GROUP BY a",
                        "DIFFERENTIAL"))
                .isEqualTo("__pgt_count");
    }

    @Test
    @DisplayName(
            "no auxiliary columns for plain queries, DISTINCT ON, UNION ALL, INTERSECT, grouping sets, top-K, FULL")
    void notCounted() throws SQLException {
        assertThat(counted("SELECT a, b FROM t WHERE a IN (SELECT a FROM u GROUP BY a)"))
                .isNull();
        assertThat(counted("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b")).isNull();
        assertThat(counted("SELECT a, b FROM t GROUP BY a, b UNION ALL SELECT a, b FROM u"))
                .isNull();
        assertThat(counted("SELECT a, b FROM t INTERSECT SELECT a, b FROM u")).isNull();
        assertThat(counted("SELECT a, b, count(*) FROM t GROUP BY CUBE (a, b)")).isNull();
        assertThat(counted("SELECT a, count(*) AS b FROM t GROUP BY a ORDER BY b DESC LIMIT 3"))
                .isNull();
        assertThat(auxColumns("SELECT a, avg(b) FROM t GROUP BY a", "FULL")).isEmpty();
    }
}
