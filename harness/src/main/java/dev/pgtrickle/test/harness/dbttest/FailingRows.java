package dev.pgtrickle.test.harness.dbttest;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The first failing rows of a test, as text, with pg_trickle's internal {@code __pgt_*} columns left out.
 *
 * @param columns the column names
 * @param rows the first rows (each value as PostgreSQL prints it, {@code null} for SQL NULL)
 * @param total how many failing rows there were in all
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FailingRows(List<String> columns, List<List<String>> rows, long total) {

    public FailingRows {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = List.copyOf(copy);
    }

    /** No failing rows. */
    public static FailingRows none() {
        return new FailingRows(List.of(), List.of(), 0);
    }

    /** The rows as an aligned text table, with a note when only the first rows are shown. */
    public String asTable() {
        if (rows.isEmpty()) {
            return "(no rows)";
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        StringBuilder table = new StringBuilder();
        appendLine(table, columns, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        table.append(String.join("-+-", rule).stripTrailing()).append('\n');
        for (List<String> row : rows) {
            appendLine(table, row.stream().map(FailingRows::cell).toList(), widths);
        }
        if (total > rows.size()) {
            table.append("(first %d of %d failing rows)\n".formatted(rows.size(), total));
        }
        return table.toString().stripTrailing();
    }

    private static void appendLine(StringBuilder table, List<String> cells, int[] widths) {
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            padded.add(String.format("%-" + Math.max(1, widths[i]) + "s", cells.get(i)));
        }
        table.append(String.join(" | ", padded).stripTrailing()).append('\n');
    }

    private static String cell(String value) {
        return value == null ? "NULL" : value;
    }
}
