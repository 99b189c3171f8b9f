package dev.pgtrickle.test.harness.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's rows in a session's database, each as its values joined by {@code |}, for short assertions. */
final class QueryRows {

    private QueryRows() {}

    static List<String> rows(ProjectSession session, String sql) throws SQLException {
        try (Connection connection = session.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
                values.add(String.join("|", row));
            }
            return values;
        }
    }
}
