package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rows of a scenario's inputs before it changed them, kept in temporary tables of the scenario's connection, to be
 * put back afterwards: a scenario declared in YAML runs among the project's other tests, which must see the data the
 * build left.
 */
final class InputSnapshot {

    private final Map<Relation, String> copies = new LinkedHashMap<>();
    private final Map<Relation, String> columns = new LinkedHashMap<>();

    private InputSnapshot() {}

    /** Copy the rows of each of {@code inputs}. */
    static InputSnapshot save(Connection connection, Collection<Relation> inputs) throws SQLException {
        InputSnapshot snapshot = new InputSnapshot();
        for (Relation input : inputs) {
            if (snapshot.copies.containsKey(input)) {
                continue;
            }
            String copy = "pgtrickle_scenario_saved_" + snapshot.copies.size();
            String list = writableColumns(connection, input);
            execute(connection, "CREATE TEMPORARY TABLE %s AS SELECT %s FROM %s".formatted(copy, list, input.quoted()));
            snapshot.copies.put(input, copy);
            snapshot.columns.put(input, list);
        }
        return snapshot;
    }

    /** Empty each input and write its saved rows back (identity values included), then drop the copies. */
    void restore(Connection connection) throws SQLException {
        for (Map.Entry<Relation, String> entry : copies.entrySet()) {
            Relation input = entry.getKey();
            String list = columns.get(input);
            execute(connection, "TRUNCATE " + input.quoted());
            execute(
                    connection,
                    "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s"
                            .formatted(input.quoted(), list, list, entry.getValue()));
            execute(connection, "DROP TABLE " + entry.getValue());
        }
    }

    /** The columns an insert may write: not generated ones. */
    private static String writableColumns(Connection connection, Relation relation) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT attname FROM pg_attribute WHERE attrelid = CAST(? AS regclass) AND attnum > 0"
                        + " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
            statement.setString(1, relation.quoted());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names.stream().map(Relation::quote).collect(Collectors.joining(", "));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
