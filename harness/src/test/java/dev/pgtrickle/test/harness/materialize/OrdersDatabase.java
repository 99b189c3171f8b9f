package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.seed.SeedLoader;
import dev.pgtrickle.test.harness.seed.SeedSpec;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh embedded database with pg_trickle emulated and the plan's {@code raw_orders} seed loaded from the
 * integration project; closing it drops it.
 */
final class OrdersDatabase implements AutoCloseable {

    static final Path PROJECT = Path.of("..", "examples", "projects", "order_totals");

    final ProjectDatabase database;

    OrdersDatabase(String label) throws SQLException {
        database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                label,
                ProjectDatabase.DEFAULT_TICK);
        try (Connection connection = database.connect()) {
            SeedLoader.load(
                    connection,
                    SeedSpec.of(new Relation("public", "raw_orders"), PROJECT.resolve("seeds/raw_orders.csv")),
                    false);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    ModelRunner runner(QueryChangeStrategy strategy) {
        return new ModelRunner(database::connect, database.pgTrickle(), true, strategy);
    }

    ModelRunner runner() {
        return runner(QueryChangeStrategy.RECREATE);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of every row, as text. */
    List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    String single(String sql) throws SQLException {
        List<String> values = column(sql);
        if (values.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + values);
        }
        return values.get(0);
    }

    @Override
    public void close() {
        database.close();
    }
}
