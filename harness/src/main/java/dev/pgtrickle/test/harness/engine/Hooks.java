package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.db.Transactions;
import dev.pgtrickle.test.harness.materialize.HookStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs a node's rendered hook statements in order; a failing one stops the rest and names the hook and its node. */
final class Hooks {

    private Hooks() {}

    /**
     * Runs {@code work} between a seed's hooks in dbt's order: the pre-hooks outside the transaction, then in one
     * transaction the pre-hooks inside it, the work and the post-hooks inside it, then the post-hooks outside.
     *
     * @param node the node for messages, e.g. {@code seed 'customers'}
     */
    static <T> T around(
            Connection connection,
            List<HookStatement> pre,
            List<HookStatement> post,
            String node,
            Transactions.Query<T> work)
            throws SQLException {
        run(connection, HookStatement.sql(pre, false), "pre-hook (transaction: false) of " + node);
        List<String> preInside = HookStatement.sql(pre, true);
        List<String> postInside = HookStatement.sql(post, true);
        T result;
        try (Transactions.Scope transaction =
                Transactions.open(connection, !preInside.isEmpty() || !postInside.isEmpty())) {
            run(connection, preInside, "pre-hook of " + node);
            result = work.get(connection);
            run(connection, postInside, "post-hook of " + node);
            transaction.commit();
        }
        run(connection, HookStatement.sql(post, false), "post-hook (transaction: false) of " + node);
        return result;
    }

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
