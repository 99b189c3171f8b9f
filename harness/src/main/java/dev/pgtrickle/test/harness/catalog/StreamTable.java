package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.db.ManualRefresh;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A handle on one stream table of a database. It holds no state of its own: every method reads the catalog or the
 * table afresh, so a handle can be kept for a whole test class and asked again after each refresh.
 *
 * <p>The name is {@code schema.name}, split on the first dot as pg_trickle does. An unqualified name matches the only
 * stream table of that name in any schema; when several schemas have one, the one in {@code current_schema()} wins,
 * otherwise the name is ambiguous. A name that matches nothing fails with {@link UnknownStreamTableException}, whose
 * message lists the stream tables that do exist.
 *
 * <pre>{@code
 * StreamTable totals = StreamTable.of(database, "public.order_totals");
 * StreamTableState state = totals.state();       // status, populated, errors, staleness, ...
 * List<Row> rows = totals.rows();                // without __pgt_* columns, values normalised
 * totals.refresh();                              // pgtrickle.refresh_stream_table('public.order_totals')
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class StreamTable {

    private static final String STATE = "read the catalog row of";

    private final ConnectionFactory connections;
    /** What the handle was made with (the project database, or the connection factory); one source, one database. */
    private final Object connectionSource;

    private final String database;
    private final String requestedName;
    private final String requestedSchema;
    private volatile String schema;
    private final String name;

    private StreamTable(
            ConnectionFactory connections, Object connectionSource, String database, String qualifiedOrPlainName) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.connectionSource = connectionSource;
        this.database = database;
        this.requestedName =
                Objects.requireNonNull(qualifiedOrPlainName, "name").strip();
        if (requestedName.isEmpty()) {
            throw new IllegalArgumentException("stream table name must not be empty; pass 'schema.name' or 'name'");
        }
        int dot = requestedName.indexOf('.');
        this.requestedSchema = dot < 0 ? null : requestedName.substring(0, dot);
        this.schema = requestedSchema;
        this.name = dot < 0 ? requestedName : requestedName.substring(dot + 1);
    }

    /**
     * A handle on the stream table {@code name} ({@code schema.name} or {@code name}) in {@code database}.
     *
     * @param database the project database
     * @param name the stream table's name, optionally qualified
     * @return the handle; the table is looked up on first use
     */
    public static StreamTable of(ProjectDatabase database, String name) {
        return new StreamTable(database::connect, database, database.name(), name);
    }

    /**
     * A handle on the stream table {@code name} in the database {@code connections} opens.
     *
     * @param connections opens connections to the database
     * @param name the stream table's name, optionally qualified
     * @return the handle; the table is looked up on first use
     */
    public static StreamTable of(ConnectionFactory connections, String name) {
        return new StreamTable(connections, connections, null, name);
    }

    /** The schema, looked up in the catalog when the handle was given an unqualified name. */
    public String schema() {
        if (schema == null) {
            withConnection("look up", connection -> {
                resolve(connection);
                return null;
            });
        }
        return schema;
    }

    /** The name without schema. */
    public String name() {
        return name;
    }

    /** {@code schema.name}. */
    public String qualifiedName() {
        return schema() + "." + name;
    }

    /** {@code schema.name} when already known, otherwise the name as given; never touches the database. */
    public String displayName() {
        return schema == null ? requestedName : schema + "." + name;
    }

    /** The stream table's catalog row and monitoring view row, read now. */
    public StreamTableState state() {
        return withConnection(STATE, this::readState);
    }

    /** {@link #state()} read over {@code connection} (a waiter's own, kept for the whole wait), not a new one. */
    StreamTableState state(Connection connection) {
        return on(connection, STATE, this::readState);
    }

    private StreamTableState readState(Connection connection) throws SQLException {
        if (requestedSchema == null) {
            resolve(connection);
        }
        // One query per call (a waiter polls this): the row read is also the existence check.
        Optional<StreamTableState> state = CatalogReader.state(connection, schema, name);
        if (state.isPresent()) {
            return state.get();
        }
        if (requestedSchema != null) {
            throw unknown(connection, "no stream table %s.%s".formatted(schema, name));
        }
        throw new UnknownStreamTableException("stream table %s.%s was dropped; the stream tables are: %s"
                .formatted(schema, name, String.join(", ", CatalogReader.allNames(connection))));
    }

    /** The stream table's visible columns (without {@code __pgt_*}), in table order. */
    public List<String> columns() {
        return withConnection("read the columns of", connection -> {
            resolve(connection);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                            + " AND NOT attisdropped ORDER BY attnum")) {
                statement.setString(1, quotedName());
                List<String> columns = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (!ResultSets.hidden(rows.getString(1))) {
                            columns.add(rows.getString(1));
                        }
                    }
                }
                return columns;
            }
        });
    }

    /** The number of rows in the stream table. */
    public long rowCount() {
        return ((BigDecimal) scalar("SELECT count(*) FROM " + quotedName())).longValueExact();
    }

    /** The stream table's rows without {@code __pgt_*} columns, values normalised (see {@link Row}). */
    public List<Row> rows() {
        return contents().rows();
    }

    /** The stream table's columns (without {@code __pgt_*}) and rows. */
    public RowSet contents() {
        return query("SELECT * FROM " + quotedName());
    }

    /**
     * A fresh evaluation of the stream table's query: what the table must contain right after a refresh. Runs the
     * user's query text ({@code original_query}) when pg_trickle stored a rewritten {@code defining_query}, since both
     * mean the same and only the user's text keeps a TopK {@code ORDER BY ... LIMIT}.
     */
    public RowSet definingQueryRows() {
        String sql = state().queryToEvaluate();
        return query(sql);
    }

    /**
     * The rows of any query against the stream table's database (a source, a grouped aggregate, ...), {@code __pgt_*}
     * columns left out. Fails like every other method when the stream table itself does not exist.
     */
    public RowSet query(String sql) {
        return withConnection("run a query for", connection -> {
            resolve(connection);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                return ResultSets.read(rows);
            } catch (SQLException e) {
                throw new StreamTableException(
                        "query for stream table %s failed: %s%n  SQL: %s".formatted(displayName(), e.getMessage(), sql),
                        e);
            }
        });
    }

    /** {@code sum(column)}: a normalised {@link BigDecimal}, or {@code null} when the table is empty. */
    public BigDecimal sum(String column) {
        return (BigDecimal) aggregate("sum", column);
    }

    /** {@code count(column)} (non-null values); {@code "*"} counts rows. */
    public long count(String column) {
        return ((BigDecimal) aggregate("count", column)).longValueExact();
    }

    /** {@code min(column)}, normalised (see {@link Row}); {@code null} when there are no non-null values. */
    public Object min(String column) {
        return aggregate("min", column);
    }

    /** {@code max(column)}, normalised (see {@link Row}); {@code null} when there are no non-null values. */
    public Object max(String column) {
        return aggregate("max", column);
    }

    /**
     * An aggregate over one column: {@code function(column)} over the whole stream table, normalised.
     *
     * @param function {@code sum}, {@code count}, {@code min}, {@code max}, {@code avg}, ...
     * @param column a column of the stream table, or {@code *} for {@code count}
     */
    public Object aggregate(String function, String column) {
        if (!function.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'%s' is not an aggregate function name".formatted(function));
        }
        String argument = "*".equals(column) ? "*" : quote(requireColumn(column));
        return scalar("SELECT %s(%s) FROM %s".formatted(function, argument, quotedName()));
    }

    private String requireColumn(String column) {
        List<String> columns = columns();
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("stream table %s has no column '%s'; its columns are: %s"
                    .formatted(qualifiedName(), column, String.join(", ", columns)));
        }
        return column;
    }

    /** The latest {@code limit} rows of {@code pgtrickle.pgt_refresh_history} for this stream table, newest first. */
    public List<RefreshHistoryEntry> history(int limit) {
        return withConnection("read the refresh history of", connection -> {
            resolve(connection);
            return CatalogReader.history(connection, schema, name, limit);
        });
    }

    /**
     * Refresh now, synchronously: {@code pgtrickle.refresh_stream_table('schema.name')}. While another refresh of this
     * table runs, pg_trickle skips the call with a NOTICE; this calls again until the refresh really happened.
     *
     * @throws StreamTableException with the database's message when the refresh fails
     */
    public void refresh() {
        withConnection("refresh", connection -> {
            resolve(connection);
            try {
                ManualRefresh.run(connection, schema + "." + name);
            } catch (SQLException e) {
                throw new StreamTableException(
                        "refresh of stream table %s failed: %s".formatted(schema + "." + name, e.getMessage()), e);
            }
            return null;
        });
    }

    private Object scalar(String sql) {
        RowSet result = query(sql);
        return result.rows().get(0).get(0);
    }

    /** The storage table's name, quoted for SQL. */
    String quotedName() {
        return quote(schema()) + "." + quote(name);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private void resolve(Connection connection) throws SQLException {
        if (schema != null && requestedSchema != null) {
            if (!CatalogReader.exists(connection, schema, name)) {
                throw unknown(connection, "no stream table %s.%s".formatted(schema, name));
            }
            return;
        }
        if (schema != null) {
            return;
        }
        List<String> schemas = CatalogReader.schemasNamed(connection, name);
        if (schemas.isEmpty()) {
            throw unknown(connection, "no stream table named %s in any schema".formatted(name));
        }
        if (schemas.size() > 1) {
            String current = CatalogReader.currentSchema(connection);
            if (!schemas.contains(current)) {
                throw new UnknownStreamTableException(
                        "stream table name %s%s is ambiguous: it exists in schemas %s; qualify it as 'schema.%s'"
                                .formatted(name, inDatabase(), String.join(", ", schemas), name));
            }
            schema = current;
        } else {
            schema = schemas.get(0);
        }
    }

    private UnknownStreamTableException unknown(Connection connection, String problem) throws SQLException {
        List<String> existing = CatalogReader.allNames(connection);
        return new UnknownStreamTableException("%s%s; %s"
                .formatted(
                        problem,
                        inDatabase(),
                        existing.isEmpty()
                                ? "the database has no stream tables yet (was the model run?)"
                                : "the stream tables are: " + String.join(", ", existing)));
    }

    private String inDatabase() {
        return database == null ? "" : " in database " + database;
    }

    /** The database's sessions waiting for a lock and who holds it ({@link LockWaits}), for timeout messages. */
    List<String> lockWaits() {
        return withConnection("list lock waits around", LockWaits::describe);
    }

    /**
     * Whether {@code other} reads the same database through the same source: both made from one {@link
     * ProjectDatabase}, or from one {@link ConnectionFactory}, so that a waiter may read both over one session.
     */
    boolean sameConnectionSource(StreamTable other) {
        return connectionSource == other.connectionSource;
    }

    /** A new connection to the stream table's database, for a waiter's {@code LISTEN} (the caller closes it). */
    Connection openConnection() throws SQLException {
        return connections.open();
    }

    private <T> T withConnection(String what, SqlFunction<T> work) {
        try (Connection connection = connections.open()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private <T> T on(Connection connection, String what, SqlFunction<T> work) {
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private StreamTableException failed(String what, SQLException e) {
        return new StreamTableException(
                "could not %s stream table %s%s: %s".formatted(what, displayName(), inDatabase(), e.getMessage()), e);
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    @Override
    public String toString() {
        return "stream table " + displayName();
    }
}
