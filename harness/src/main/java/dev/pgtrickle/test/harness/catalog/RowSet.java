package dev.pgtrickle.test.harness.catalog;

import java.util.List;

/**
 * The result of a query: column names and normalised rows, in the order the database returned them.
 *
 * @param columns the column names
 * @param rows the rows, each with one value per column
 */
public record RowSet(List<String> columns, List<Row> rows) {

    public RowSet {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
