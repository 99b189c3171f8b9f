package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Rows written in a test, with the names of their columns: the starting rows of an input, the rows a step inserts, or
 * the rows a stream table must hold. Columns not named keep their default when inserted, and are not compared when
 * expected.
 *
 * <pre>{@code
 * TableRows.of("order_id", "customer_id", "amount", "status", "ordered_at")
 *         .row(1, 1, 120.00, "shipped", "2026-03-01 09:00")
 *         .row(2, 1, 35.50, "placed", "2026-03-02 10:30");
 * }</pre>
 *
 * <p>Values are written as Java values ({@code 1}, {@code 35.50}, {@code "shipped"}, {@code null}); dates and
 * timestamps as ISO text ({@code "2026-03-01"}, {@code "2026-03-01 09:00"}) or {@code java.time} values. Immutable.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class TableRows {

    private final List<String> columns;
    private final List<List<Object>> rows;

    private TableRows(List<String> columns, List<List<Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /** No rows yet, for these columns. */
    public static TableRows of(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException(
                    "name at least one column, e.g. TableRows.of(\"customer_id\", \"total\")");
        }
        return new TableRows(List.of(columns), List.of());
    }

    /**
     * No rows and no columns: as an expectation, the stream table is empty (every column of any row it holds is shown
     * when it is not).
     */
    public static TableRows none() {
        return new TableRows(List.of(), List.of());
    }

    /** These rows plus one more, with one value per column ({@code null} is SQL NULL). */
    public TableRows row(Object... values) {
        if (columns.isEmpty()) {
            throw new IllegalStateException(
                    "TableRows.none() holds no rows; name the columns with TableRows.of(\"customer_id\", ...) to add one");
        }
        List<Object> row = values == null ? java.util.Collections.singletonList(null) : Arrays.asList(values);
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("row %s has %d values but there are %d columns (%s)"
                    .formatted(row, row.size(), columns.size(), String.join(", ", columns)));
        }
        List<List<Object>> more = new ArrayList<>(rows);
        more.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        return new TableRows(columns, List.copyOf(more));
    }

    /** The column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The rows as written, each with one value per column. */
    public List<List<Object>> rows() {
        return rows;
    }

    /** The rows, normalised for comparison ({@link Row}). */
    List<Row> normalised() {
        return rows.stream().map(Row::ofList).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableRows that && columns.equals(that.columns) && rows.equals(that.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, rows);
    }

    @Override
    public String toString() {
        return columns + " " + rows;
    }
}
