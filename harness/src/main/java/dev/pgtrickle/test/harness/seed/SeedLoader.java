package dev.pgtrickle.test.harness.seed;

import dev.pgtrickle.test.harness.db.Catalogs;
import dev.pgtrickle.test.harness.db.CreatedRelations;
import dev.pgtrickle.test.harness.db.Transactions;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads dbt seeds into {@code COPY ... FROM STDIN} through pgjdbc's {@code CopyManager}, streaming the file, so a seed
 * of any size loads in bounded memory. A small file ({@link #GUESS_ROWS} rows or fewer) is read once to check it and
 * decide the column types ({@link SeedFileScan}) before the table is made, then sent ({@link SeedCopyStream}). A larger
 * one is read, checked and sent in one pass into a table typed from its first rows, so that reading and the server's
 * COPY overlap; the types of all values still decide, and when they differ from that guess the table is made again and
 * loaded in a second pass.
 *
 * <p>As {@code dbt seed}: without full refresh an existing table is truncated and reloaded, and a table whose columns no
 * longer match the file is an error asking for a full refresh; with full refresh the table is dropped ({@code CASCADE},
 * as dbt's {@code drop_relation}) and created again. Seeding over a view is refused, as dbt refuses it. Everything runs
 * in one transaction, so a failed load leaves the table as it was.
 */
public final class SeedLoader {

    private static final Pattern COPY_LINE = Pattern.compile("\\bline (\\d+)");
    /** Rows read before the table is made: a file no longer than this is read whole first, a longer one in one pass. */
    static final long GUESS_ROWS = 10_000;

    private SeedLoader() {}

    /**
     * Load one seed.
     *
     * @param connection a connection to the project's database; its auto-commit setting is restored afterwards
     * @param spec the seed
     * @param fullRefresh drop and create the table instead of truncating it
     * @throws SeedException for a value the database rejects; its subclass {@link SeedFileException} for a malformed
     *     file, a {@code column_types} naming no column, or a table that needs a full refresh
     */
    public static SeedResult load(Connection connection, SeedSpec spec, boolean fullRefresh) {
        long started = System.nanoTime();
        SeedFileScan head = SeedFileScan.read(spec.csvFile(), spec.delimiter(), GUESS_ROWS, (reader, types) -> {});
        List<SeedColumn> guessed = columns(spec, head);
        Loaded loaded;
        try {
            loaded = Transactions.get(connection, c -> load(c, spec, fullRefresh, head, guessed));
        } catch (SQLException e) {
            throw new SeedException(
                    spec.csvFile(),
                    0,
                    "loading seed into %s failed: %s".formatted(spec.relation(), serverMessage(e)),
                    e);
        }
        return new SeedResult(
                spec.relation(),
                spec.csvFile(),
                loaded.action(),
                loaded.columns(),
                loaded.rows(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** What the transaction did: how the table was prepared, with which columns, and how many rows went in. */
    private record Loaded(SeedAction action, List<SeedColumn> columns, long rows) {}

    /**
     * Prepare the table and fill it, inside the caller's transaction. A file that {@code head} read whole is sent as
     * read. A longer one is read, checked and sent in one pass, so that reading and the server's COPY overlap, into a
     * table typed from its first rows; all values still decide, and when they disagree with that guess the table is
     * made again (back to a savepoint) with their types and loaded in a second pass.
     */
    private static Loaded load(
            Connection connection, SeedSpec spec, boolean fullRefresh, SeedFileScan head, List<SeedColumn> guessed)
            throws SQLException {
        if (head.complete()) {
            SeedAction action = prepareTable(connection, spec, guessed, fullRefresh);
            if (head.rowCount() > 0) {
                copy(connection, spec, guessed, copy -> sendAll(copy, spec, head));
            }
            return new Loaded(action, guessed, head.rowCount());
        }
        Savepoint beforeTable = connection.setSavepoint();
        SeedAction action = prepareTable(connection, spec, guessed, fullRefresh);
        SeedCopyStream.Streamed[] streamed = new SeedCopyStream.Streamed[1];
        copy(connection, spec, guessed, copy -> {
            streamed[0] = SeedCopyStream.sendWhileReading(copy, spec.csvFile(), spec.delimiter(), guessed);
            return streamed[0].sent();
        });
        SeedFileScan all = streamed[0].scan();
        if (streamed[0].sent()) {
            return new Loaded(action, guessed, all.rowCount());
        }
        connection.rollback(beforeTable);
        List<SeedColumn> columns = columns(spec, all);
        action = prepareTable(connection, spec, columns, fullRefresh);
        copy(connection, spec, columns, copy -> sendAll(copy, spec, all));
        return new Loaded(action, columns, all.rowCount());
    }

    /** Column names and types: declared in {@code column_types}, else inferred from the values. */
    static List<SeedColumn> columns(SeedSpec spec, SeedFileScan scan) {
        Set<String> unknown = new LinkedHashSet<>(spec.columnTypes().keySet());
        unknown.removeAll(scan.header());
        if (!unknown.isEmpty()) {
            throw new SeedFileException(
                    spec.csvFile(),
                    0,
                    "column_types names %s, not in the header %s; names are matched exactly as the header writes them"
                            .formatted(unknown, scan.header()),
                    null);
        }
        List<SeedColumn> columns = new ArrayList<>();
        for (int i = 0; i < scan.header().size(); i++) {
            String name = scan.header().get(i);
            String declared = spec.columnTypes().get(name);
            if (declared != null) {
                columns.add(new SeedColumn(name, declared.strip(), true));
            } else {
                columns.add(new SeedColumn(name, scan.inferredTypes().get(i), false));
            }
        }
        return List.copyOf(columns);
    }

    private static SeedAction prepareTable(
            Connection connection, SeedSpec spec, List<SeedColumn> columns, boolean fullRefresh) throws SQLException {
        Relation relation = spec.relation();
        Optional<Character> kind = Catalogs.relkind(connection, relation.schema(), relation.identifier());
        if (kind.isPresent() && kind.get() != 'r' && kind.get() != 'p') {
            throw new SeedFileException(
                    spec.csvFile(),
                    0,
                    "cannot seed to %s: it exists and is not a table (pg_class.relkind '%s'); drop it or give the seed another alias"
                            .formatted(relation, kind.get()),
                    null);
        }
        try (Statement statement = connection.createStatement()) {
            if (kind.isEmpty()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Relation.quote(relation.schema()));
                create(statement, spec, columns);
                CreatedRelations.record(connection, relation.schema(), relation.identifier(), "seed");
                return SeedAction.CREATED;
            }
            CreatedRelations.requireCreatedByHarness(connection, relation.schema(), relation.identifier());
            if (fullRefresh) {
                statement.execute("DROP TABLE " + relation.quoted() + " CASCADE");
                create(statement, spec, columns);
                CreatedRelations.record(connection, relation.schema(), relation.identifier(), "seed");
                return SeedAction.RECREATED;
            }
            checkSameColumns(connection, spec, columns);
            statement.execute("TRUNCATE TABLE " + relation.quoted());
            return SeedAction.RELOADED;
        }
    }

    private static void create(Statement statement, SeedSpec spec, List<SeedColumn> columns) throws SQLException {
        String sql = createTable(spec, columns);
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            boolean declared = columns.stream().anyMatch(SeedColumn::declared);
            throw new SeedException(
                    spec.csvFile(),
                    0,
                    "cannot create %s: %s (%s)%s"
                            .formatted(
                                    spec.relation(),
                                    serverMessage(e),
                                    sql,
                                    declared ? "; check the types in column_types" : ""),
                    e);
        }
    }

    private static void checkSameColumns(Connection connection, SeedSpec spec, List<SeedColumn> columns)
            throws SQLException {
        List<String> existing = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0"
                        + " AND NOT a.attisdropped ORDER BY a.attnum")) {
            query.setString(1, spec.relation().quoted());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        List<String> wanted =
                columns.stream().map(c -> storedName(spec, c.name())).toList();
        if (!existing.equals(wanted)) {
            throw new SeedFileException(
                    spec.csvFile(),
                    0,
                    "table %s has columns %s but the file now has %s; run with full refresh (dbt seed --full-refresh)"
                                    .formatted(spec.relation(), existing, wanted)
                            + " to drop and recreate it",
                    null);
        }
    }

    /** The name PostgreSQL stores: quoted names as written, unquoted names folded to lower case. */
    private static String storedName(SeedSpec spec, String name) {
        return spec.quoteColumns() ? name : name.toLowerCase(Locale.ROOT);
    }

    private static String columnSql(SeedSpec spec, String name) {
        return spec.quoteColumns() ? Relation.quote(name) : name;
    }

    static String createTable(SeedSpec spec, List<SeedColumn> columns) {
        return "CREATE TABLE %s (%s)"
                .formatted(
                        spec.relation().quoted(),
                        columns.stream()
                                .map(c -> columnSql(spec, c.name()) + " " + c.type())
                                .collect(Collectors.joining(", ")));
    }

    /** Sends the data to an open COPY; returns false when it cancelled the COPY instead of finishing the data. */
    private interface CopySender {
        boolean send(CopyIn copy) throws SQLException;
    }

    private static boolean sendAll(CopyIn copy, SeedSpec spec, SeedFileScan scan) throws SQLException {
        SeedCopyStream.send(copy, spec.csvFile(), spec.delimiter(), scan);
        return true;
    }

    private static void copy(Connection connection, SeedSpec spec, List<SeedColumn> columns, CopySender sender)
            throws SQLException {
        char delimiter = SeedCopyStream.copyDelimiter(spec.delimiter());
        String sql = "COPY %s (%s) FROM STDIN WITH (FORMAT csv%s)"
                .formatted(
                        spec.relation().quoted(),
                        columns.stream().map(c -> columnSql(spec, c.name())).collect(Collectors.joining(", ")),
                        delimiter == ',' ? "" : ", DELIMITER '" + (delimiter == '\'' ? "''" : delimiter) + "'");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            if (sender.send(copy)) {
                copy.endCopy();
            }
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            if (e instanceof SQLException failure) {
                throw explainCopyFailure(spec, failure);
            }
            throw e;
        }
    }

    /** Map the COPY line in the server's message back to the line of the CSV file. */
    private static RuntimeException explainCopyFailure(SeedSpec spec, SQLException e) {
        String where = "";
        if (e instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getWhere() != null) {
                where = server.getWhere();
            }
        }
        Matcher line = COPY_LINE.matcher(where);
        long fileLine = 0;
        if (line.find()) {
            fileLine = SeedFileScan.lineOfCopyLine(spec.csvFile(), spec.delimiter(), Long.parseLong(line.group(1)));
        }
        String message = serverMessage(e);
        return new SeedException(
                spec.csvFile(),
                fileLine,
                "loading into %s failed: %s%s; fix the value or declare the column's type in column_types"
                        .formatted(spec.relation(), message, where.isEmpty() ? "" : " (" + where + ")"),
                e);
    }

    /** The server's own message, without pgjdbc's "ERROR:" prefix and position lines; the driver's message otherwise. */
    private static String serverMessage(SQLException e) {
        return e instanceof PSQLException psql
                        && psql.getServerErrorMessage() != null
                        && psql.getServerErrorMessage().getMessage() != null
                ? psql.getServerErrorMessage().getMessage()
                : e.getMessage();
    }
}
