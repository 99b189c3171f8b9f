package dev.pgtrickle.test.harness.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs a node's rendered hook statements in order; a failing one stops the rest and names the hook and its node. */
final class Hooks {

    private Hooks() {}

    /**
     * @param what the hook and its node for the message, e.g. {@code pre-hook of seed 'customers'}
     * @throws IllegalStateException with the database's message and the statement
     */
    static void run(Connection connection, List<String> statements, String what) {
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("%s failed: %s%n%s".formatted(what, e.getMessage(), sql), e);
            }
        }
    }
}
