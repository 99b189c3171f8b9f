package dev.pgtrickle.test.harness.catalog;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * The multiset difference between actual and expected rows, rendered as two aligned text tables: the one row diff
 * every failure shows (the assertions, change scenarios, dbt unit tests).
 *
 * <p>Rows found on both sides are matched first (as many times as both sides have them). Of the rest, an actual and an
 * expected row pair up when they share the key (the first column) and nothing else on either side does: such a pair
 * is shown as one row that differs, with the differing cells marked. Every other leftover is missing (only expected)
 * or unexpected (only actual). Both tables use the same column widths and row order, so an IDE diff of the two
 * lines up.
 *
 * <pre>
 *   customer_id | order_count | total_amount
 *   ------------+-------------+-------------
 *   1           | 2           | 30.5
 * ~ 2           | 1           | *5*
 * + 3           | 1           | 7
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class RowDiff {

    /** The legend printed under every row diff. */
    public static final String LEGEND =
            "(+ unexpected row, only in actual; - missing row, only in expected; ~ same key, differing cells in *stars*)";

    private static final String NL = System.lineSeparator();

    private static final Comparator<Row> ROW_ORDER = RowDiff::compareRows;

    private final List<String> columns;
    private final List<Line> actualLines = new ArrayList<>();
    private final List<Line> expectedLines = new ArrayList<>();
    private int missing;
    private int unexpected;
    private int differing;

    private RowDiff(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * Compare {@code actual} with {@code expected} as multisets.
     *
     * @param columns the column names, for the header
     * @param actual the rows found
     * @param expected the rows wanted
     * @throws IllegalArgumentException when an expected row does not have one value per column
     */
    public static RowDiff between(List<String> columns, List<Row> actual, List<Row> expected) {
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).size() != columns.size()) {
                throw new IllegalArgumentException("expected row %d %s has %d values but there are %d columns (%s)"
                        .formatted(
                                i + 1,
                                expected.get(i),
                                expected.get(i).size(),
                                columns.size(),
                                String.join(", ", columns)));
            }
        }
        RowDiff diff = new RowDiff(columns);
        diff.compute(actual, expected);
        return diff;
    }

    private void compute(List<Row> actual, List<Row> expected) {
        Map<Row, Integer> remainingExpected = counts(expected);
        List<Row> unexpectedRows = new ArrayList<>();
        List<Row> matched = new ArrayList<>();
        for (Row row : actual) {
            Integer left = remainingExpected.get(row);
            if (left != null && left > 0) {
                remainingExpected.put(row, left - 1);
                matched.add(row);
            } else {
                unexpectedRows.add(row);
            }
        }
        List<Row> missingRows = new ArrayList<>();
        remainingExpected.forEach((row, count) -> {
            for (int i = 0; i < count; i++) {
                missingRows.add(row);
            }
        });

        List<Entry> entries = new ArrayList<>();
        matched.forEach(row -> entries.add(new Entry(' ', row, row)));
        Map<Object, List<Row>> unexpectedByKey = byKey(unexpectedRows);
        Map<Object, List<Row>> missingByKey = byKey(missingRows);
        for (Row row : unexpectedRows) {
            List<Row> sameKeyMissing = missingByKey.get(key(row));
            if (unexpectedByKey.get(key(row)).size() == 1 && sameKeyMissing != null && sameKeyMissing.size() == 1) {
                entries.add(new Entry('~', row, sameKeyMissing.get(0)));
                missingRows.remove(sameKeyMissing.get(0));
                differing++;
            } else {
                entries.add(new Entry('+', row, null));
                unexpected++;
            }
        }
        for (Row row : missingRows) {
            entries.add(new Entry('-', null, row));
            missing++;
        }
        entries.sort(Comparator.comparing(Entry::sortRow, ROW_ORDER).thenComparing(Entry::mark));
        for (Entry entry : entries) {
            Set<Integer> changed = entry.changedColumns();
            if (entry.actual != null) {
                actualLines.add(new Line(entry.mark, entry.actual, changed));
            }
            if (entry.expected != null) {
                expectedLines.add(new Line(entry.mark, entry.expected, changed));
            }
        }
    }

    /** Whether both sides hold the same rows the same number of times. */
    public boolean matches() {
        return missing == 0 && unexpected == 0 && differing == 0;
    }

    /** The number of expected rows with no actual counterpart. */
    public int missing() {
        return missing;
    }

    /** The number of actual rows with no expected counterpart. */
    public int unexpected() {
        return unexpected;
    }

    /** The number of actual/expected pairs sharing a key but differing in other columns. */
    public int differing() {
        return differing;
    }

    /** "1 row is missing, 2 rows are unexpected and 1 row differs" (or "the rows are equal"). */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (missing > 0) {
            parts.add(missing == 1 ? "1 row is missing" : missing + " rows are missing");
        }
        if (unexpected > 0) {
            parts.add(unexpected == 1 ? "1 row is unexpected" : unexpected + " rows are unexpected");
        }
        if (differing > 0) {
            parts.add(differing == 1 ? "1 row differs" : differing + " rows differ");
        }
        if (parts.isEmpty()) {
            return "the rows are equal";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** The actual rows as a table, with unexpected ({@code +}) and differing ({@code ~}) rows marked. */
    public String actualTable() {
        return render(actualLines);
    }

    /** The expected rows as a table, with missing ({@code -}) and differing ({@code ~}) rows marked. */
    public String expectedTable() {
        return render(expectedLines);
    }

    private String render(List<Line> lines) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
        }
        for (List<Line> side : List.of(actualLines, expectedLines)) {
            for (Line line : side) {
                for (int c = 0; c < columns.size(); c++) {
                    widths[c] = Math.max(widths[c], line.cell(c).length());
                }
            }
        }
        StringBuilder text = new StringBuilder();
        List<String> header = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            header.add(pad(columns.get(c), widths[c]));
            rule.add("-".repeat(widths[c]));
        }
        text.append("  ").append(String.join(" | ", header).stripTrailing());
        text.append(NL).append("  ").append(String.join("-+-", rule));
        if (lines.isEmpty()) {
            text.append(NL).append("  (no rows)");
        }
        for (Line line : lines) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                cells.add(pad(line.cell(c), widths[c]));
            }
            text.append(NL)
                    .append(line.mark)
                    .append(' ')
                    .append(String.join(" | ", cells).stripTrailing());
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static Map<Row, Integer> counts(List<Row> rows) {
        Map<Row, Integer> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.merge(row, 1, Integer::sum));
        return counts;
    }

    private static Map<Object, List<Row>> byKey(List<Row> rows) {
        Map<Object, List<Row>> byKey = new HashMap<>();
        rows.forEach(
                row -> byKey.computeIfAbsent(key(row), k -> new ArrayList<>()).add(row));
        return byKey;
    }

    private static Object key(Row row) {
        return row.size() == 0 ? null : Objects.requireNonNullElse(row.get(0), NullKey.NULL);
    }

    private enum NullKey {
        NULL
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable comparable) {
            return comparable.compareTo(b);
        }
        return Row.display(a).compareTo(Row.display(b));
    }

    private static int compareRows(Row a, Row b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int result = compareValues(a.get(i), b.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** One row position in the diff: matched (both), unexpected (actual only), missing (expected only) or a pair. */
    private record Entry(char mark, Row actual, Row expected) {

        Row sortRow() {
            return expected != null ? expected : actual;
        }

        Set<Integer> changedColumns() {
            Set<Integer> changed = new TreeSet<>();
            if (mark == '~') {
                for (int c = 0; c < actual.size(); c++) {
                    if (!Objects.equals(actual.get(c), expected.get(c))) {
                        changed.add(c);
                    }
                }
            }
            return changed;
        }
    }

    private record Line(char mark, Row row, Set<Integer> changed) {

        String cell(int column) {
            String text = Row.display(row.get(column));
            return changed.contains(column) ? "*" + text + "*" : text;
        }
    }
}
