package dev.pgtrickle.test.harness.materialize;

import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.db.Transactions;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain dbt materializations, {@code view}, {@code table} and {@code materialized_view}, as dbt-postgres builds
 * them, and the transaction helpers every relation materialization uses.
 */
final class RelationMaterialization {

    private static final Logger LOG = LoggerFactory.getLogger(RelationMaterialization.class);

    private RelationMaterialization() {}

    /** {@code CREATE OR REPLACE VIEW}; when PostgreSQL refuses (columns removed or retyped, or a table there), drop and create. */
    static RunAction view(Connection connection, ModelToBuild model, List<String> sent) throws SQLException {
        Relation relation = model.relation();
        Optional<Character> existing = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        String create = "CREATE VIEW %s AS %s".formatted(relation.quoted(), model.compiledSql());
        if (existing.isEmpty()) {
            build(connection, sent, List.of(create), relation, "view");
            return RunAction.CREATED;
        }
        CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
        if (existing.get() == 'v') {
            String replace = "CREATE OR REPLACE VIEW %s AS %s".formatted(relation.quoted(), model.compiledSql());
            try {
                build(connection, sent, List.of(replace), relation, "view");
                return RunAction.REPLACED;
            } catch (SQLException e) {
                if (!"42P16".equals(e.getSQLState())) {
                    throw e;
                }
                sent.remove(sent.size() - 1);
            }
        }
        build(connection, sent, List.of(dropExisting(connection, relation, existing.get()), create), relation, "view");
        return RunAction.RECREATED;
    }

    /**
     * A table built from the model, and what PostgreSQL answered its {@code CREATE TABLE ... AS} ({@code SELECT 3}),
     * which dbt-postgres reports for a {@code table} model and an incremental model's first run.
     */
    record BuiltTable(RunAction action, String commandStatus) {}

    /** Drop whatever is there and {@code CREATE TABLE ... AS}, in one transaction. */
    static BuiltTable table(Connection connection, ModelToBuild model, List<String> sent) throws SQLException {
        Relation relation = model.relation();
        Optional<Character> existing = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        String create = "CREATE TABLE %s AS %s".formatted(relation.quoted(), model.compiledSql());
        List<String> sql = new ArrayList<>();
        RunAction action = RunAction.CREATED;
        if (existing.isPresent()) {
            CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
            sql.add(dropExisting(connection, relation, existing.get()));
            action = RunAction.RECREATED;
        }
        sql.add(create);
        long rows = build(connection, sent, sql, relation, "table");
        return new BuiltTable(action, "SELECT " + rows);
    }

    /**
     * dbt-postgres's {@code materialized_view}: {@code CREATE MATERIALIZED VIEW} when there is none; on a later run
     * {@code REFRESH MATERIALIZED VIEW} (dbt-postgres does not compare the query: a changed model needs
     * {@code --full-refresh}, as with dbt); dropped and created again on a full refresh or over another kind of relation.
     */
    static RunAction materializedView(Connection connection, ModelToBuild model, boolean fullRefresh, List<String> sent)
            throws SQLException {
        Relation relation = model.relation();
        Optional<Character> existing = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        String create = "CREATE MATERIALIZED VIEW %s AS %s".formatted(relation.quoted(), model.compiledSql());
        if (existing.isEmpty()) {
            build(connection, sent, List.of(create), relation, "materialized_view");
            return RunAction.CREATED;
        }
        CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
        if (existing.get() == 'm' && !fullRefresh) {
            run(connection, sent, List.of("REFRESH MATERIALIZED VIEW " + relation.quoted()));
            return RunAction.REPLACED;
        }
        build(
                connection,
                sent,
                List.of(dropExisting(connection, relation, existing.get()), create),
                relation,
                "materialized_view");
        return RunAction.RECREATED;
    }

    /**
     * Create {@code schema} when it is missing and the harness may (it created the database); otherwise fail with a
     * message saying how to provide it.
     */
    static void ensureSchema(Connection connection, String schema, boolean mayCreate, List<String> sent)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        if (!mayCreate) {
            throw new SQLException(("schema \"%s\" does not exist, and pgtrickle-test creates schemas only in databases"
                            + " it created; create it in a setup script or let the harness create the database")
                    .formatted(schema));
        }
        run(connection, sent, List.of("CREATE SCHEMA IF NOT EXISTS " + Relation.quote(schema)));
    }

    private static String dropExisting(Connection connection, Relation relation, char kind) throws SQLException {
        if (isStreamTable(connection, relation)) {
            return "SELECT pgtrickle.drop_stream_table(%s)".formatted(SqlText.literal(relation.qualifiedName()));
        }
        return switch (kind) {
            case 'v' -> "DROP VIEW " + relation.quoted() + " CASCADE";
            case 'm' -> "DROP MATERIALIZED VIEW " + relation.quoted() + " CASCADE";
            default -> "DROP TABLE " + relation.quoted() + " CASCADE";
        };
    }

    static boolean isStreamTable(Connection connection, Relation relation) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?")) {
            statement.setString(1, relation.schema());
            statement.setString(2, relation.identifier());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Run statements in one transaction (none: nothing happens). */
    static void run(Connection connection, List<String> sql) throws SQLException {
        if (!sql.isEmpty()) {
            run(connection, new ArrayList<>(), sql);
        }
    }

    /**
     * Run statements that create {@code created} in one transaction, recording them in {@code sent} and the relation
     * in the harness's ledger (where there is one) in that same transaction.
     *
     * @return the last statement's row count
     */
    static long build(Connection connection, List<String> sent, List<String> sql, Relation created, String kind)
            throws SQLException {
        long[] rows = new long[1];
        retryingDeadlocks(connection, sent, sql, c -> {
            rows[0] = send(c, sent, sql);
            CreatedRelations.record(c, created.schema(), created.identifier(), kind);
        });
        return rows[0];
    }

    /**
     * Run statements one by one outside any transaction, recording them in {@code sent}: a hook with {@code
     * transaction: false}, which may be a statement PostgreSQL refuses inside one ({@code VACUUM}, {@code CREATE INDEX
     * CONCURRENTLY}).
     */
    static void runOutsideTransaction(Connection connection, List<String> sent, List<String> sql) throws SQLException {
        if (sql.isEmpty()) {
            return;
        }
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("a hook outside the transaction was asked for inside one");
        }
        send(connection, sent, sql);
    }

    /** Run statements in one transaction, recording them in {@code sent}. */
    static void run(Connection connection, List<String> sent, List<String> sql) throws SQLException {
        retryingDeadlocks(connection, sent, sql, c -> send(c, sent, sql));
    }

    /**
     * Run {@code work}, which sends its statements with {@link #send(Connection, List, String)}, in one transaction
     * retried on a deadlock as {@link #run(Connection, List, List)} is.
     *
     * @param what what the work does, for the log line of a retry
     */
    static void inTransaction(Connection connection, List<String> sent, String what, Transactions.Work work)
            throws SQLException {
        retryingDeadlocks(connection, sent, List.of(what), work);
    }

    /** Send one statement inside the caller's transaction, recording it in {@code sent}; its update count. */
    static long send(Connection connection, List<String> sent, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            sent.add(sql);
            statement.execute(sql);
            return Math.max(statement.getLargeUpdateCount(), 0);
        }
    }

    /**
     * Run {@code work} in one transaction; a deadlock is retried (up to {@value #DEADLOCK_ATTEMPTS} attempts in all):
     * the pg_trickle scheduler refreshes stream tables while a run drops, creates or alters them, and when the two lock
     * the same tables in opposite orders PostgreSQL aborts one transaction, ours entirely rolled back, and advises to
     * run it again. {@code sent} keeps only the last attempt.
     */
    private static void retryingDeadlocks(
            Connection connection, List<String> sent, List<String> sql, Transactions.Work work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            int mark = sent.size();
            try {
                Transactions.run(connection, work);
                return;
            } catch (SQLException e) {
                if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == DEADLOCK_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("deadlock with a concurrent transaction (attempt {}), running again: {}", attempt, sql);
                sent.subList(mark, sent.size()).clear();
            }
        }
    }

    /** Send statements in order; the last one's row count. */
    private static long send(Connection connection, List<String> sent, List<String> sql) throws SQLException {
        long rows = 0;
        for (String each : sql) {
            rows = send(connection, sent, each);
        }
        return rows;
    }

    /** PostgreSQL's SQLSTATE for {@code deadlock detected}. */
    private static final String DEADLOCK_DETECTED = "40P01";

    private static final int DEADLOCK_ATTEMPTS = 3;
}
