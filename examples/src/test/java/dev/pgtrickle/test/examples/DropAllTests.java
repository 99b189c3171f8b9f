package dev.pgtrickle.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.junit.PgTrickleProjectHandle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code drop_all_stream_tables} removes the project's stream tables and nothing else. */
// tag::drop_all[]
@OrderTotalsProject
@DisplayName("drop-all leaves what the project does not manage alone")
class DropAllTests {

    @Test
    void dropsOnlyTheProjectsStreamTables(PgTrickleProjectHandle project, Connection connection) throws SQLException {
        Orders.execute(connection, "CREATE TABLE audit_notes (id integer PRIMARY KEY, note text)");
        Orders.execute(
                connection,
                "SELECT pgtrickle.create_stream_table('public.order_counts_by_hand',"
                        + " 'SELECT COUNT(*) AS orders FROM raw_orders', '1m', 'FULL')");

        List<Relation> dropped = project.operations().dropAllManaged();

        assertThat(dropped).extracting(Relation::identifier).containsExactly("order_totals");
        assertThat(exists(connection, "public.order_totals")).isFalse();
        assertThat(exists(connection, "public.order_counts_by_hand")).isTrue();
        assertThat(exists(connection, "public.audit_notes")).isTrue();
        assertThat(exists(connection, "public.raw_orders")).isTrue();
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regclass('%s') IS NOT NULL".formatted(table))) {
            rows.next();
            return rows.getBoolean(1);
        }
    }
}
// end::drop_all[]
