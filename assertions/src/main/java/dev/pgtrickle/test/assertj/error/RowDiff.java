package dev.pgtrickle.test.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.harness.catalog.Row;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The multiset difference between actual and expected rows, rendered as two aligned text tables. The rule lives in the
 * harness ({@link dev.pgtrickle.test.harness.catalog.RowDiff}), so dbt unit test failures read exactly like assertion
 * failures; this is its face in the assertion messages.
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
    public static final String LEGEND = dev.pgtrickle.test.harness.catalog.RowDiff.LEGEND;

    private final dev.pgtrickle.test.harness.catalog.RowDiff diff;

    private RowDiff(dev.pgtrickle.test.harness.catalog.RowDiff diff) {
        this.diff = diff;
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
        return new RowDiff(dev.pgtrickle.test.harness.catalog.RowDiff.between(columns, actual, expected));
    }

    /** Whether both sides hold the same rows the same number of times. */
    public boolean matches() {
        return diff.matches();
    }

    /** The number of expected rows with no actual counterpart. */
    public int missing() {
        return diff.missing();
    }

    /** The number of actual rows with no expected counterpart. */
    public int unexpected() {
        return diff.unexpected();
    }

    /** The number of actual/expected pairs sharing a key but differing in other columns. */
    public int differing() {
        return diff.differing();
    }

    /** "1 row is missing, 2 rows are unexpected and 1 row differs" (or "the rows are equal"). */
    public String summary() {
        return diff.summary();
    }

    /** The actual rows as a table, with unexpected ({@code +}) and differing ({@code ~}) rows marked. */
    public String actualTable() {
        return diff.actualTable();
    }

    /** The expected rows as a table, with missing ({@code -}) and differing ({@code ~}) rows marked. */
    public String expectedTable() {
        return diff.expectedTable();
    }
}
