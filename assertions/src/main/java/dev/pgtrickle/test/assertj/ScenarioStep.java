package dev.pgtrickle.test.assertj;

import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One step of a {@link StreamTableScenario}: its changes to the inputs, how the stream table catches up, the rows expected. */
final class ScenarioStep {

    /** How the stream table catches up after the step's changes. */
    enum Sync {
        /** Not at all: the expectation is checked at once (an IMMEDIATE stream table is already up to date). */
        NONE,
        /** A refresh by hand of every stream table from the inputs up to the model. */
        REFRESH,
        /** The scheduler's: the expectation is polled until it holds. */
        SCHEDULER
    }

    /** A change to one input. */
    record Action(String verb, String input, TableRows rows, String set, String where) {

        static Action insert(String input, TableRows rows) {
            return new Action("insert", input, java.util.Objects.requireNonNull(rows, "rows"), null, null);
        }

        static Action update(String input, String set, String where) {
            return new Action("update", input, null, requireText(set, "set"), requireText(where, "where"));
        }

        static Action delete(String input, String where) {
            return new Action("delete", input, null, null, requireText(where, "where"));
        }

        static Action truncate(String input) {
            return new Action("truncate", input, null, null, null);
        }

        private static String requireText(String text, String what) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "the %s clause is empty; write a SQL fragment such as \"order_id = 1\"".formatted(what));
            }
            return text;
        }

        String describe() {
            return switch (verb) {
                case "insert" ->
                    "insert %d row%s into %s"
                            .formatted(rows.rows().size(), rows.rows().size() == 1 ? "" : "s", input);
                case "update" -> "update %s set %s where %s".formatted(input, set, where);
                case "delete" -> "delete from %s where %s".formatted(input, where);
                default -> "truncate " + input;
            };
        }
    }

    final int index;
    final String name;
    final List<Action> actions = new ArrayList<>();
    Sync sync = Sync.NONE;
    TableRows expected;
    private final Map<Action, Relation> relations = new LinkedHashMap<>();

    ScenarioStep(int index, String name) {
        this.index = index;
        this.name = name;
    }

    /** {@code step 2 'order 2 is cancelled'}, or {@code the starting rows (given)}. */
    String title() {
        return index == 0 ? "the starting rows (given)" : "step %d '%s'".formatted(index, name);
    }

    /** What the step does, for a failure message: {@code update shop.orders set ... where ...; refresh}. */
    String describe() {
        List<String> parts =
                new ArrayList<>(actions.stream().map(Action::describe).toList());
        parts.add(
                switch (sync) {
                    case NONE -> "no refresh";
                    case REFRESH -> "refresh";
                    case SCHEDULER -> "wait for the scheduler";
                });
        return String.join("; ", parts);
    }

    /** Find each action's input among {@code inputs}; throws naming this step when one is not an input. */
    void resolve(ScenarioInputs inputs) {
        relations.clear();
        for (Action action : actions) {
            relations.put(action, inputs.resolve(action.input(), "%s: %s".formatted(title(), action.describe())));
        }
    }

    /** The relations the step's changes write to (after {@link #resolve}). */
    java.util.Collection<Relation> relations() {
        return relations.values();
    }

    /** Check that every column the step's inserts name exists; throws naming this step, the input and its columns. */
    void checkColumns(Connection connection) throws SQLException {
        for (Action action : actions) {
            if (action.rows() == null) {
                continue;
            }
            Map<String, String> types = columnTypes(connection, relations.get(action));
            for (String column : action.rows().columns()) {
                if (!types.containsKey(column)) {
                    throw new IllegalArgumentException("%s: %s: %s has no column '%s'; its columns are: %s"
                            .formatted(
                                    title(),
                                    action.describe(),
                                    action.input(),
                                    column,
                                    String.join(", ", types.keySet())));
                }
            }
        }
    }

    /** Send the step's changes, each committed on its own as an application would. */
    void apply(Connection connection) {
        for (Action action : actions) {
            Relation relation = relations.get(action);
            try {
                switch (action.verb()) {
                    case "insert" -> insert(connection, relation, action.rows());
                    case "update" ->
                        execute(
                                connection,
                                "UPDATE %s SET %s WHERE %s".formatted(relation.quoted(), action.set(), action.where()));
                    case "delete" ->
                        execute(connection, "DELETE FROM %s WHERE %s".formatted(relation.quoted(), action.where()));
                    default -> execute(connection, "TRUNCATE " + relation.quoted());
                }
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "%s: %s failed: %s".formatted(title(), action.describe(), e.getMessage()), e);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Every value is sent as text and cast to its column's type, so a test writes {@code 120.00} or {@code "2026-03-01"} alike. */
    private static void insert(Connection connection, Relation relation, TableRows rows) throws SQLException {
        if (rows.rows().isEmpty()) {
            return; // starting rows 'none': the input stays empty
        }
        Map<String, String> types = columnTypes(connection, relation);
        String columns = rows.columns().stream().map(Relation::quote).collect(Collectors.joining(", "));
        String values = rows.columns().stream()
                .map(column -> "CAST(? AS %s)".formatted(types.get(column)))
                .collect(Collectors.joining(", "));
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO %s (%s) VALUES (%s)".formatted(relation.quoted(), columns, values))) {
            for (List<Object> row : rows.rows()) {
                for (int i = 0; i < row.size(); i++) {
                    Object value = row.get(i);
                    if (value == null) {
                        statement.setNull(i + 1, Types.VARCHAR);
                    } else {
                        statement.setString(i + 1, text(value));
                    }
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static String text(Object value) {
        return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    /** Column name to its SQL type ({@code format_type}), in column order. */
    private static Map<String, String> columnTypes(Connection connection, Relation relation) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            statement.setString(1, relation.quoted());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return types;
    }
}
