package dev.pgtrickle.test.harness.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.PostgresServer;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where the emulation knowingly differs from the real extension (docs/emulation-fidelity.md, "Not reproduced"): these
 * pin the emulation's side of each difference, so the documentation stays true. They are not part of the contract.
 */
@DisplayName("pg_trickle emulation: documented deviations")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulationDeviationTests {

    private ProjectDatabase database;
    private Connection connection;

    @BeforeAll
    void createDatabase() throws SQLException {
        PostgresServer server = SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED));
        database = ProjectDatabase.create(server, "deviations", ProjectDatabase.DEFAULT_TICK);
        connection = database.connect();
        execute("CREATE TABLE public.src (id int PRIMARY KEY, grp int NOT NULL, v int NOT NULL)");
        execute("INSERT INTO public.src SELECT g, g % 3, g FROM generate_series(1, 9) g");
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    @DisplayName("features it cannot provide are refused with a message naming the emulation")
    void unsupportedFeaturesRefused() {
        for (String extra : List.of("temporal => true", "sink => 'lake'", "storage_backend => 'citus'")) {
            assertThatThrownBy(() -> execute("SELECT pgtrickle.create_stream_table('public.extra',"
                            + " 'SELECT id FROM public.src', '1m', 'FULL', " + extra + ")"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("emulation");
        }
    }

    @Test
    @DisplayName("DIFFERENTIAL refresh keeps the row ids of unchanged rows; FULL replaces every row")
    void rowIdsAcrossRefreshes() throws SQLException {
        execute("SELECT pgtrickle.create_stream_table('public.diff_ids', 'SELECT grp, sum(v) AS s FROM public.src"
                + " GROUP BY grp', '1h', 'DIFFERENTIAL')");
        List<String> before = column("SELECT __pgt_row_id FROM public.diff_ids WHERE grp <> 1 ORDER BY grp");
        execute("UPDATE public.src SET v = v + 100 WHERE grp = 1");
        execute("SELECT pgtrickle.refresh_stream_table('public.diff_ids')");
        assertThat(column("SELECT __pgt_row_id FROM public.diff_ids WHERE grp <> 1 ORDER BY grp"))
                .isEqualTo(before);
        assertThat(column("SELECT rows_inserted || '/' || rows_deleted FROM pgtrickle.get_refresh_history("
                        + "'public.diff_ids', 1)"))
                .containsExactly("1/1");
    }

    @Test
    @DisplayName("defining_query keeps the user's text even where the real extension rewrites it; original_query NULL")
    void definingQueryIsTheUsersText() throws SQLException {
        String query = "SELECT DISTINCT ON (grp) grp, v FROM public.src ORDER BY grp, v DESC";
        execute("SELECT pgtrickle.create_stream_table('public.latest', $q$" + query + "$q$, '1m', 'FULL')");
        assertThat(column("SELECT defining_query || '|' || coalesce(original_query, '<null>')"
                        + " FROM pgtrickle.pgt_stream_tables WHERE pgt_name = 'latest'"))
                .containsExactly(query + "|<null>");
    }
}
