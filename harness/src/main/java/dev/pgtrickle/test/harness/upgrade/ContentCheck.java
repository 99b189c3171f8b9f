package dev.pgtrickle.test.harness.upgrade;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.RowSet;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Whether a stream table's rows equal a fresh evaluation of its defining query after the upgrade, compared as
 * multisets (the order of rows does not matter, duplicates do).
 *
 * @param matches whether the contents equal the query's rows, after a refresh
 * @param matchedBeforeRefresh whether they already did before that refresh (false means stale until the next scheduled
 *     refresh, not wrong)
 * @param rows the stream table's row count
 * @param missing rows the query returns that the table lacks
 * @param unexpected rows the table has that the query does not return
 * @param problem why the contents could not be compared (not populated, refresh failed), or how the columns differ
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ContentCheck(
        boolean matches,
        boolean matchedBeforeRefresh,
        long rows,
        int missing,
        int unexpected,
        Optional<String> problem) {

    /** Compare now, refresh, and compare again. */
    static ContentCheck of(StreamTable table) {
        Comparison before = compare(table);
        try {
            table.refresh();
        } catch (RuntimeException e) {
            return failed("refresh after the upgrade failed: " + e.getMessage());
        }
        Comparison after = compare(table);
        return new ContentCheck(
                after.matches(), before.matches(), after.rows(), after.missing(), after.unexpected(), after.problem());
    }

    /** The contents could not be checked. */
    static ContentCheck failed(String problem) {
        return new ContentCheck(false, false, 0, 0, 0, Optional.of(problem));
    }

    /** One line: {@code contents match (4 rows)} or what differs. */
    public String describe() {
        if (matches) {
            return "contents match the defining query (%d rows)%s"
                    .formatted(rows, matchedBeforeRefresh ? "" : ", after a refresh (stale before it)");
        }
        if (problem.isPresent()) {
            return "contents not checked: " + problem.get();
        }
        return "contents differ from the defining query: %d rows missing, %d unexpected (%d rows)"
                .formatted(missing, unexpected, rows);
    }

    private record Comparison(boolean matches, long rows, int missing, int unexpected, Optional<String> problem) {}

    private static Comparison compare(StreamTable table) {
        RowSet contents = table.contents();
        RowSet expected = table.definingQueryRows();
        if (!contents.columns().equals(expected.columns())) {
            return new Comparison(
                    false,
                    contents.rows().size(),
                    0,
                    0,
                    Optional.of("the table's columns %s differ from the query's %s"
                            .formatted(contents.columns(), expected.columns())));
        }
        Map<Row, Integer> remaining = counts(expected.rows());
        int unexpected = 0;
        for (Row row : contents.rows()) {
            if (remaining.merge(row, -1, Integer::sum) < 0) {
                unexpected++;
            }
        }
        int missing = remaining.values().stream()
                .filter(count -> count > 0)
                .mapToInt(Integer::intValue)
                .sum();
        return new Comparison(
                missing == 0 && unexpected == 0, contents.rows().size(), missing, unexpected, Optional.empty());
    }

    private static Map<Row, Integer> counts(List<Row> rows) {
        Map<Row, Integer> counts = new HashMap<>();
        rows.forEach(row -> counts.merge(row, 1, Integer::sum));
        return counts;
    }
}
