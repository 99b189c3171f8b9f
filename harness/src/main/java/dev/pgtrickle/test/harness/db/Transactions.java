package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Runs work on a connection inside one transaction and puts the connection back as it was found.
 *
 * <p>Every caller used to write the same "turn auto-commit off, commit or roll back, turn it back on" dance by hand;
 * getting one copy wrong leaves a pooled or shared connection in a transaction, so the rule lives here once. A failure
 * ({@link SQLException} or a runtime exception) rolls back everything the work did and is rethrown unchanged.
 */
public final class Transactions {

    /** Work that needs no result. */
    @FunctionalInterface
    public interface Work {
        /** Do the work on {@code connection}; it is inside a transaction. */
        void run(Connection connection) throws SQLException;
    }

    /** Work that produces a result. */
    @FunctionalInterface
    public interface Query<T> {
        /** Do the work on {@code connection}, which is inside a transaction, and answer its result. */
        T get(Connection connection) throws SQLException;
    }

    private Transactions() {}

    /** Run {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public static void run(Connection connection, Work work) throws SQLException {
        get(connection, c -> {
            work.run(c);
            return null;
        });
    }

    /**
     * Run {@code query} in one transaction and answer its result: committed when it returns, rolled back when it throws.
     * On a connection already inside a transaction (an {@link #open} scope: a model whose hooks share its transaction)
     * the work joins it under a savepoint instead: undone alone when it throws, committed with the rest.
     */
    public static <T> T get(Connection connection, Query<T> query) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = query.get(connection);
                connection.releaseSavepoint(savepoint);
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback(savepoint);
                throw e;
            }
        }
        connection.setAutoCommit(false);
        try {
            T result = query.get(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * A transaction left open for several steps, as dbt keeps one around a node's hooks and its statements: {@link
     * Scope#commit()} commits it; closing it without committing rolls it back. Work run with {@link #run} or {@link
     * #get} meanwhile joins it. With {@code wanted} false the scope does nothing (each step keeps its own
     * transaction).
     */
    public static Scope open(Connection connection, boolean wanted) throws SQLException {
        if (!wanted || !connection.getAutoCommit()) {
            return new Scope(connection, false);
        }
        connection.setAutoCommit(false);
        return new Scope(connection, true);
    }

    /** An open transaction: see {@link #open}. */
    public static final class Scope implements AutoCloseable {

        private final Connection connection;
        private final boolean owned;
        private boolean committed;

        private Scope(Connection connection, boolean owned) {
            this.connection = connection;
            this.owned = owned;
        }

        /** Commit what the scope's work did. */
        public void commit() throws SQLException {
            if (owned && !committed) {
                connection.commit();
                committed = true;
            }
        }

        /** Roll back unless committed, and put auto-commit back. */
        @Override
        public void close() throws SQLException {
            if (!owned) {
                return;
            }
            try {
                if (!committed) {
                    connection.rollback();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Run {@code query} in a transaction that is always rolled back: work that creates what it needs for a moment (a
     * view to read column types from) leaves nothing behind and is never seen by another connection.
     */
    public static <T> T rolledBack(Connection connection, Query<T> query) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            // Inside an open scope: undo only this work, not the scope's.
            Savepoint savepoint = connection.setSavepoint();
            try {
                return query.get(connection);
            } finally {
                connection.rollback(savepoint);
            }
        }
        connection.setAutoCommit(false);
        try {
            return query.get(connection);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Run {@code query} in a read-only transaction that is always rolled back, so it can never change what the next
     * caller sees (the database refuses writes; anything else, such as temporary state, is undone).
     */
    public static <T> T readOnly(Connection connection, Query<T> query) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
            }
            return query.get(connection);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
