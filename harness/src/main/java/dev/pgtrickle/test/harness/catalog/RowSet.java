package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The result of a query: column names and normalised rows, in the order the database returned them.
 *
 * @param columns the column names
 * @param rows the rows, each with one value per column
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RowSet(List<String> columns, List<Row> rows) {

    public RowSet {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Every row of {@code rows}, normalised, pg_trickle's {@code __pgt_*} columns left out. */
    public static RowSet read(java.sql.ResultSet rows) throws java.sql.SQLException {
        return ResultSets.read(rows);
    }
}
