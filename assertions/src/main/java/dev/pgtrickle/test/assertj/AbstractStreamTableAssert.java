package dev.pgtrickle.test.assertj;

import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldBeFresh;
import static dev.pgtrickle.test.assertj.error.ShouldBeFresh.shouldHaveStalenessAtMost;
import static dev.pgtrickle.test.assertj.error.ShouldBeHealthy.shouldBeHealthy;
import static dev.pgtrickle.test.assertj.error.ShouldBePopulated.shouldBePopulated;
import static dev.pgtrickle.test.assertj.error.ShouldContainExactlyRows.shouldContainExactlyRows;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveConsecutiveErrorsAtLeast;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveConsecutiveErrorsAtMost;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveNoConsecutiveErrors;
import static dev.pgtrickle.test.assertj.error.ShouldHaveConsecutiveErrors.shouldHaveNoConsecutiveErrorsButIsBroken;
import static dev.pgtrickle.test.assertj.error.ShouldHaveRowCount.shouldHaveRowCount;
import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveRefreshMode;
import static dev.pgtrickle.test.assertj.error.ShouldHaveSetting.shouldHaveSchedule;
import static dev.pgtrickle.test.assertj.error.ShouldHaveStatus.shouldHaveStatus;
import static dev.pgtrickle.test.assertj.error.ShouldHaveTotal.shouldHaveTotal;
import static dev.pgtrickle.test.assertj.error.ShouldHaveTotalsOf.shouldHaveTotalsOf;
import static dev.pgtrickle.test.assertj.error.ShouldMatchDefiningQuery.shouldHaveDefiningQueryColumns;
import static dev.pgtrickle.test.assertj.error.ShouldMatchDefiningQuery.shouldMatchDefiningQuery;
import static dev.pgtrickle.test.assertj.error.ShouldSatisfyEventually.shouldSatisfyEventually;
import static org.apiguardian.api.API.Status.STABLE;

import dev.pgtrickle.test.assertj.error.RowDiff;
import dev.pgtrickle.test.assertj.error.ShouldBeFresh;
import dev.pgtrickle.test.assertj.error.ShouldBeHealthy;
import dev.pgtrickle.test.harness.catalog.RefreshMode;
import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.RowSet;
import dev.pgtrickle.test.harness.catalog.StalenessRule;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableState;
import dev.pgtrickle.test.harness.catalog.StreamTableStatus;
import dev.pgtrickle.test.harness.catalog.StreamTableWaitException;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter.FailFast;
import dev.pgtrickle.test.harness.project.Relation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractBigDecimalAssert;
import org.assertj.core.api.BigDecimalAssert;
import org.assertj.core.error.ErrorMessageFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on a stream table: its catalog state, its settings, its contents and totals, and whether it equals a
 * fresh evaluation of its defining query. Every assertion reads the database afresh.
 *
 * <p>After {@link #eventually()} every following assertion of the chain polls until it holds (up to the timeout),
 * but fails at once, with the status, last error and recent refresh history, when the table is {@code ERROR} or
 * {@code SUSPENDED} or (for assertions not about the status or the errors) its consecutive errors grow. Every failure is
 * an opentest4j {@code AssertionFailedError} with actual and expected values; under {@code eventually()} they are the
 * last inner failure's.
 *
 * @param <SELF> the concrete assertion type, returned by every assertion so calls chain
 */
@API(status = STABLE, since = "0.1")
public abstract class AbstractStreamTableAssert<SELF extends AbstractStreamTableAssert<SELF>>
        extends AbstractAssert<SELF, StreamTable> {

    private StreamTableWaiter waiter;

    /**
     * For subclasses binding {@code SELF}.
     *
     * @param actual the object under test
     * @param selfType the concrete assertion class
     */
    protected AbstractStreamTableAssert(StreamTable actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Makes the assertions that follow in this chain poll until they hold, for up to {@link
     * StreamTableWaiter#DEFAULT_TIMEOUT}; a table that is {@code ERROR} or {@code SUSPENDED}, or whose consecutive errors
     * grow, fails the assertion at once. Assertions about the status or the errors ({@code hasStatus}, {@code
     * isHealthy}, the consecutive-error checks) wait through a growing streak, so waiting for {@code SUSPENDED} works.
     *
     * <pre><code class='java'> insertOrder(4, "carol", 12.50);
     * assertThat(orderTotals).eventually().hasRowCount(3).hasSum("total_amount", "47.50");</code></pre>
     *
     * @return this assertion object
     */
    public SELF eventually() {
        return eventually(StreamTableWaiter.DEFAULT_TIMEOUT);
    }

    /**
     * Like {@link #eventually()}, waiting at most {@code timeout}.
     *
     * @param timeout how long each following assertion may poll
     * @return this assertion object
     */
    public SELF eventually(Duration timeout) {
        this.waiter = StreamTableWaiter.withTimeout(timeout);
        return myself;
    }

    /**
     * Verifies that the stream table is populated: its first fill succeeded ({@code is_populated}).
     *
     * <pre><code class='java'> assertThat(orderTotals).isPopulated();</code></pre>
     *
     * @return this assertion object
     * @throws AssertionError if the table is not populated
     */
    public SELF isPopulated() {
        return check("is populated", () -> {
            StreamTableState state = state();
            if (!state.populated()) {
                failWithActualExpected(shouldBePopulated(state), "is_populated false", "is_populated true");
            }
        });
    }

    /**
     * Verifies that the stream table's status is {@code ACTIVE}.
     *
     * @return this assertion object
     * @throws AssertionError if the status is {@code INITIALIZING}, {@code SUSPENDED} or {@code ERROR}
     */
    public SELF isActive() {
        return hasStatus(StreamTableStatus.ACTIVE);
    }

    /**
     * Verifies that the stream table has the given status: {@code INITIALIZING}, {@code ACTIVE}, {@code SUSPENDED} or
     * {@code ERROR} (case-insensitive). pg_trickle has no {@code PAUSED} status; a paused table is {@code SUSPENDED}.
     *
     * <pre><code class='java'> assertThat(brokenTotals).eventually().hasStatus("ERROR");</code></pre>
     *
     * @param expected the status
     * @return this assertion object
     * @throws AssertionError if the status differs
     * @throws IllegalArgumentException if {@code expected} is not a pg_trickle status
     * @see #hasStatus(StreamTableStatus)
     */
    public SELF hasStatus(String expected) {
        Objects.requireNonNull(expected, "expected status");
        if (expected.strip().equalsIgnoreCase(StreamTableStatus.DBT_PGTRICKLE_PAUSED)) {
            throw new IllegalArgumentException(
                    "pg_trickle has no PAUSED status (dbt-pgtrickle's 'PAUSED' becomes SUSPENDED); use hasStatus(\"SUSPENDED\")");
        }
        return hasStatus(StreamTableStatus.parse(expected));
    }

    /**
     * Verifies that the stream table has the given status.
     *
     * <pre><code class='java'> assertThat(brokenTotals).eventually().hasStatus(StreamTableStatus.ERROR);</code></pre>
     *
     * @param expected the status
     * @return this assertion object
     * @throws AssertionError if the status differs
     */
    public SELF hasStatus(StreamTableStatus expected) {
        String status = Objects.requireNonNull(expected, "expected status").sqlName();
        return checkHealth("has status " + status, () -> {
            StreamTableState state = state();
            if (!state.status().equals(status)) {
                failWithActualExpected(shouldHaveStatus(state, status), state.status(), status);
            }
        });
    }

    /**
     * Verifies that the stream table is healthy: its status is {@code ACTIVE}, it is populated, its {@code
     * consecutive_errors} is zero and it is not overdue (the rule of {@link #isFresh()}). The state is read once and
     * the failure lists every reason that fails.
     *
     * <pre><code class='java'> assertThat(orderTotals).isHealthy();</code></pre>
     *
     * @return this assertion object
     * @throws AssertionError if any of the four conditions fails
     */
    public SELF isHealthy() {
        return checkHealth("is healthy", () -> {
            StreamTableState state = state();
            List<String> reasons = ShouldBeHealthy.reasons(state, state.fresh());
            if (!reasons.isEmpty()) {
                failWithActualExpected(
                        shouldBeHealthy(state, reasons), ShouldBeHealthy.facets(state), ShouldBeHealthy.HEALTHY_FACETS);
            }
        });
    }

    /**
     * Verifies that the stream table's {@code consecutive_errors} is zero and that it is not {@code ERROR} or {@code
     * SUSPENDED}: pg_trickle sets {@code ERROR} for a permanent refresh error without counting it, so the counter
     * alone would pass on a broken table.
     *
     * @return this assertion object
     * @throws AssertionError if scheduled refreshes of the table have been failing, or it is ERROR or SUSPENDED
     */
    public SELF hasNoConsecutiveErrors() {
        return checkHealth("has no consecutive errors", () -> {
            StreamTableState state = state();
            if (state.broken()) {
                failWithActualExpected(
                        shouldHaveNoConsecutiveErrorsButIsBroken(state),
                        "status " + state.status(),
                        "status not ERROR or SUSPENDED");
            }
            if (state.consecutiveErrors() != 0) {
                failWithActualExpected(shouldHaveNoConsecutiveErrors(state), state.consecutiveErrors(), 0);
            }
        });
    }

    /**
     * Verifies that the stream table's {@code consecutive_errors} is at least {@code min}: for tests that make
     * refreshes fail on purpose. Under {@link #eventually()} it waits through a growing streak; the wait ends early only
     * when the table is {@code ERROR} or {@code SUSPENDED} with fewer errors.
     *
     * <pre><code class='java'> assertThat(flakyTotals).hasConsecutiveErrorsAtLeast(1);</code></pre>
     *
     * @param min the shortest acceptable failure streak
     * @return this assertion object
     * @throws AssertionError if the streak is shorter
     */
    public SELF hasConsecutiveErrorsAtLeast(int min) {
        return checkHealth("has at least %d consecutive errors".formatted(min), () -> {
            StreamTableState state = state();
            if (state.consecutiveErrors() < min) {
                failWithActualExpected(shouldHaveConsecutiveErrorsAtLeast(state, min), state.consecutiveErrors(), min);
            }
        });
    }

    /**
     * Verifies that the stream table's {@code consecutive_errors} is at most {@code max}.
     *
     * @param max the largest acceptable failure streak
     * @return this assertion object
     * @throws AssertionError if the streak is longer
     */
    public SELF hasConsecutiveErrorsAtMost(int max) {
        return checkHealth("has at most %d consecutive errors".formatted(max), () -> {
            StreamTableState state = state();
            if (state.consecutiveErrors() > max) {
                failWithActualExpected(
                        shouldHaveConsecutiveErrorsAtMost(state, max),
                        state.consecutiveErrors() + " consecutive errors",
                        "at most " + max + " consecutive errors");
            }
        });
    }

    /**
     * Verifies that the stream table is fresh: it has been refreshed, and it is not overdue: its staleness is at most
     * its duration schedule plus two scheduler intervals ({@link StalenessRule}; pg_trickle's own {@code stale} flag
     * is true for a moment on every healthy cycle). Tables with a CALCULATED or cron schedule count as fresh once
     * refreshed; use {@link #hasStalenessAtMost(Duration)} for them.
     *
     * @return this assertion object
     * @throws AssertionError if the table was never refreshed or is overdue
     */
    public SELF isFresh() {
        return check("is fresh", () -> {
            StreamTableState state = state();
            if (!state.fresh()) {
                failWithActualExpected(
                        shouldBeFresh(state), ShouldBeFresh.lateness(state), ShouldBeFresh.allowedLateness(state));
            }
        });
    }

    /**
     * Verifies that the stream table's staleness (time since its last refresh, as {@code pg_stat_stream_tables}
     * reports it) is at most {@code max}.
     *
     * @param max the largest acceptable staleness
     * @return this assertion object
     * @throws AssertionError if the table is staler or was never refreshed
     */
    public SELF hasStalenessAtMost(Duration max) {
        Objects.requireNonNull(max, "max staleness");
        return check("has staleness at most " + max, () -> {
            StreamTableState state = state();
            if (state.staleness()
                    .filter(staleness -> staleness.compareTo(max) <= 0)
                    .isEmpty()) {
                failWithActualExpected(
                        shouldHaveStalenessAtMost(state, max),
                        ShouldBeFresh.lateness(state),
                        ShouldBeFresh.refreshedWithin(max));
            }
        });
    }

    /**
     * Verifies the stream table's refresh mode: {@code FULL}, {@code DIFFERENTIAL} or {@code IMMEDIATE}
     * (case-insensitive; pg_trickle's older name {@code INCREMENTAL} means {@code DIFFERENTIAL}). The catalog never
     * holds {@code AUTO}: it stores what AUTO resolved to.
     *
     * @param expected the refresh mode
     * @return this assertion object
     * @throws AssertionError if the catalog holds another mode
     * @throws IllegalArgumentException if {@code expected} is not a pg_trickle refresh mode
     * @see #hasRefreshMode(RefreshMode)
     */
    public SELF hasRefreshMode(String expected) {
        return hasRefreshMode(RefreshMode.parse(Objects.requireNonNull(expected, "expected refresh mode")));
    }

    /**
     * Verifies the stream table's refresh mode.
     *
     * <pre><code class='java'> assertThat(orderTotals).hasRefreshMode(RefreshMode.DIFFERENTIAL);</code></pre>
     *
     * @param expected the refresh mode
     * @return this assertion object
     * @throws AssertionError if the catalog holds another mode
     */
    public SELF hasRefreshMode(RefreshMode expected) {
        String mode = Objects.requireNonNull(expected, "expected refresh mode").sqlName();
        return check("has refresh mode " + mode, () -> {
            StreamTableState state = state();
            if (!state.refreshMode().equalsIgnoreCase(mode)) {
                failWithActualExpected(shouldHaveRefreshMode(state, mode), state.refreshMode(), mode);
            }
        });
    }

    /**
     * Verifies the stream table's schedule as stored: a duration ({@code "1m"}), a cron expression, or {@code
     * "calculated"} / {@code null} for CALCULATED (stored as NULL).
     *
     * @param expected the schedule
     * @return this assertion object
     * @throws AssertionError if the catalog holds another schedule
     */
    public SELF hasSchedule(String expected) {
        boolean calculated = expected == null || expected.strip().equalsIgnoreCase("calculated");
        String wanted = calculated ? "CALCULATED" : expected.strip();
        return check("has schedule " + wanted, () -> {
            StreamTableState state = state();
            boolean same = calculated
                    ? state.schedule().isEmpty()
                    : state.schedule().filter(wanted::equals).isPresent();
            if (!same) {
                failWithActualExpected(
                        shouldHaveSchedule(state, wanted), state.schedule().orElse("CALCULATED"), wanted);
            }
        });
    }

    /**
     * Verifies the number of rows in the stream table.
     *
     * @param expected the row count
     * @return this assertion object
     * @throws AssertionError if the table has another number of rows
     */
    public SELF hasRowCount(long expected) {
        return check("has %d rows".formatted(expected), () -> {
            long count = actual.rowCount();
            if (count != expected) {
                failWithActualExpected(shouldHaveRowCount(actual.qualifiedName(), count, expected), count, expected);
            }
        });
    }

    /**
     * Verifies {@code sum(column)} over the whole stream table. Numbers compare by value: {@code 30}, {@code 30.0},
     * {@code "30.00"} and {@code new BigDecimal("30.00")} are all equal (text is read as a number when the column is
     * numeric).
     *
     * <pre><code class='java'> assertThat(orderTotals).hasSum("total_amount", "35.50");</code></pre>
     *
     * @param column a column of the stream table
     * @param expected the expected sum; {@code null} for an empty table
     * @return this assertion object
     * @throws AssertionError if the sum differs
     */
    public SELF hasSum(String column, Object expected) {
        return hasTotal("sum", column, expected);
    }

    /**
     * Verifies {@code count(column)} (non-null values; {@code "*"} for rows) over the stream table.
     *
     * @param column a column of the stream table, or {@code "*"}
     * @param expected the expected count
     * @return this assertion object
     * @throws AssertionError if the count differs
     */
    public SELF hasCount(String column, long expected) {
        return hasTotal("count", column, expected);
    }

    /**
     * Verifies {@code min(column)} over the stream table (numbers compare by value, see {@link #hasSum}).
     *
     * @param column a column of the stream table
     * @param expected the expected minimum
     * @return this assertion object
     * @throws AssertionError if the minimum differs
     */
    public SELF hasMin(String column, Object expected) {
        return hasTotal("min", column, expected);
    }

    /**
     * Verifies {@code max(column)} over the stream table (numbers compare by value, see {@link #hasSum}).
     *
     * @param column a column of the stream table
     * @param expected the expected maximum
     * @return this assertion object
     * @throws AssertionError if the maximum differs
     */
    public SELF hasMax(String column, Object expected) {
        return hasTotal("max", column, expected);
    }

    /**
     * Navigates to {@code sum(column)} over the whole stream table, as an AssertJ {@code BigDecimal} assertion
     * described as "sum(column) over stream table schema.name". Compare with {@code isEqualByComparingTo} so the
     * scale does not matter. The sum is read once, now: {@link #eventually()} does not apply to it, and inside soft
     * assertions the returned assertion is not itself soft.
     *
     * <pre><code class='java'> assertThat(orderTotals).total("total_amount").isEqualByComparingTo("35.50");
     * assertThat(orderTotals).total("total_amount").isBetween(new BigDecimal("30"), new BigDecimal("40"));</code></pre>
     *
     * @param column a numeric column of the stream table
     * @return an assertion on the sum ({@code null} for an empty table)
     */
    @CheckReturnValue
    public AbstractBigDecimalAssert<?> total(String column) {
        isNotNull();
        return new BigDecimalAssert(actual.sum(column))
                .as("sum(%s) over stream table %s", column, actual.qualifiedName());
    }

    private SELF hasTotal(String function, String column, Object expected) {
        return check("has %s(%s) = %s".formatted(function, column, Row.display(Row.normalise(expected))), () -> {
            Object total = actual.aggregate(function, column);
            Object wanted = ExpectedValues.like(total, expected);
            if (!Objects.equals(total, wanted)) {
                failWithActualExpected(
                        shouldHaveTotal(actual.qualifiedName(), function, column, total, wanted), total, wanted);
            }
        });
    }

    /**
     * Verifies that the stream table's columns named by {@code query}'s result equal the rows of {@code query} as a
     * multiset: for checking totals against a grouped aggregate computed directly from the sources. The stream table
     * may have more columns; only those the query returns (matched by name) are compared.
     *
     * <pre><code class='java'> assertThat(orderTotals).hasTotalsOf(
     *     "SELECT customer_id, count(*) AS order_count, sum(amount) AS total_amount"
     *         + " FROM raw_orders GROUP BY customer_id");</code></pre>
     *
     * @param query a query over the sources whose column names are columns of the stream table
     * @return this assertion object
     * @throws AssertionError if the rows differ, shown as aligned tables
     */
    public SELF hasTotalsOf(String query) {
        Objects.requireNonNull(query, "query");
        return check("has the totals of " + query.strip(), () -> {
            RowSet expected = actual.query(query);
            List<String> columns = actual.columns();
            List<String> unknown = expected.columns().stream()
                    .filter(c -> !columns.contains(c))
                    .toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(
                        "query columns %s are not columns of stream table %s (its columns: %s); alias the query's"
                                        .formatted(unknown, actual.qualifiedName(), String.join(", ", columns))
                                + " columns to the stream table's names");
            }
            String projection = String.join(
                    ", ", expected.columns().stream().map(Relation::quote).toList());
            RowSet rows = actual.query("SELECT %s FROM %s".formatted(projection, quoted()));
            RowDiff diff = RowDiff.between(expected.columns(), rows.rows(), expected.rows());
            if (!diff.matches()) {
                failWithDiff(shouldHaveTotalsOf(actual.qualifiedName(), query.strip(), diff), diff);
            }
        });
    }

    /**
     * Verifies that the stream table holds exactly these rows, in any order, counting duplicates, ignoring {@code
     * __pgt_*} columns. Each row lists one value per column in table order; numbers compare by value (see {@link
     * Row}).
     *
     * <pre><code class='java'> assertThat(orderTotals).containsExactlyInAnyOrder(
     *     Row.of(1, 2, "30.50"),   // decimal text is fine for numeric columns
     *     Row.of(2, 1, 5));</code></pre>
     *
     * @param expected the rows
     * @return this assertion object
     * @throws AssertionError if rows are missing, unexpected or differ, shown as aligned tables
     */
    public SELF containsExactlyInAnyOrder(Row... expected) {
        return containsExactlyInAnyOrderRows(Arrays.asList(expected));
    }

    /**
     * Like {@link #containsExactlyInAnyOrder(Row...)}, with each row given as a list of values.
     *
     * @param expected the rows, each a list of values in column order
     * @return this assertion object
     * @throws AssertionError if rows are missing, unexpected or differ
     */
    public SELF containsExactlyInAnyOrder(List<? extends List<?>> expected) {
        return containsExactlyInAnyOrderRows(expected.stream().map(Row::ofList).toList());
    }

    private SELF containsExactlyInAnyOrderRows(List<Row> expected) {
        return check("contains exactly %d rows".formatted(expected.size()), () -> {
            RowSet contents = actual.contents();
            List<Row> wanted = ExpectedValues.like(contents.rows(), expected);
            RowDiff diff = RowDiff.between(contents.columns(), contents.rows(), wanted);
            if (!diff.matches()) {
                failWithDiff(shouldContainExactlyRows(actual.qualifiedName(), diff), diff);
            }
        });
    }

    /**
     * Verifies that the stream table equals a fresh evaluation of its defining query, as a multiset, ignoring {@code
     * __pgt_*} columns: the correctness check for incremental maintenance. Call it after a refresh (or with {@link
     * #eventually()}); between refreshes a table lags its sources by design.
     *
     * <p>Where pg_trickle is emulated (no Docker, the embedded backend) this check <em>cannot detect incremental-
     * maintenance errors of the real extension</em>: the emulation recomputes the whole query on every refresh and
     * reproduces only the real SUM-over-NULLs merge. A pass there shows the table caught up with its sources; a
     * failure's message says it ran on the emulation. Run it on the container backend to test the real maintenance.
     *
     * <pre><code class='java'> updateOrder(2, 99.00);
     * orderTotals.refresh();
     * assertThat(orderTotals).matchesDefiningQuery();</code></pre>
     *
     * @return this assertion object
     * @throws AssertionError if the contents differ, shown as aligned tables
     */
    public SELF matchesDefiningQuery() {
        return check("matches its defining query", () -> {
            StreamTableState state = state();
            RowSet expected = actual.definingQueryRows();
            RowSet contents = actual.contents();
            if (!contents.columns().equals(expected.columns())) {
                failWithActualExpected(
                        shouldHaveDefiningQueryColumns(
                                actual.qualifiedName(),
                                state.queryToEvaluate(),
                                contents.columns(),
                                expected.columns()),
                        contents.columns(),
                        expected.columns());
            }
            RowDiff diff = RowDiff.between(contents.columns(), contents.rows(), expected.rows());
            if (!diff.matches()) {
                failWithDiff(
                        shouldMatchDefiningQuery(
                                actual.qualifiedName(), state.queryToEvaluate(), diff, emulatedPgTrickle()),
                        diff);
            }
        });
    }

    /** Whether the stream table's pg_trickle is the pgtrickle-test emulation (its version() says so). */
    private boolean emulatedPgTrickle() {
        Object version =
                actual.query("SELECT pgtrickle.version()").rows().get(0).get(0);
        return version != null && version.toString().contains("emulation");
    }

    private StreamTableState state() {
        return actual.state();
    }

    private String quoted() {
        return new Relation(actual.schema(), actual.name()).quoted();
    }

    private SELF check(String description, Runnable assertion) {
        return check(description, FailFast.ON_BROKEN_STATUS_OR_NEW_ERRORS, assertion);
    }

    /**
     * For assertions about the status or the errors: under {@link #eventually()} a growing error streak is on the way
     * to what they wait for (SUSPENDED, n errors), so only a broken status they do not accept ends the wait early.
     */
    private SELF checkHealth(String description, Runnable assertion) {
        return check(description, FailFast.ON_BROKEN_STATUS, assertion);
    }

    private SELF check(String description, FailFast failFast, Runnable assertion) {
        isNotNull();
        if (waiter == null) {
            assertion.run();
            return myself;
        }
        try {
            waiter.awaitAsserted(actual, description, failFast, assertion);
        } catch (StreamTableWaitException e) {
            throw eventuallyFailure(description, e);
        }
        return myself;
    }

    /**
     * The failure of a wait: the waiter's account (how long and how often it tried, the state, the last failure),
     * keeping the last failure's actual and expected values for IDEs and reports, with the wait as the cause. Without
     * them (a failure that has none), actual is the last failure's message or the table's last state, and expected is
     * what was awaited.
     */
    private AssertionError eventuallyFailure(String description, StreamTableWaitException e) {
        String message = shouldSatisfyEventually(actual.displayName(), e.getMessage())
                .create(info.description(), info.representation());
        Optional<AssertionFailedError> last = e.lastFailure()
                .filter(AssertionFailedError.class::isInstance)
                .map(AssertionFailedError.class::cast)
                .filter(inner -> inner.isActualDefined() && inner.isExpectedDefined());
        return new AssertionFailedError(
                message,
                last.<Object>map(inner -> inner.getExpected().getValue()).orElse(description),
                last.<Object>map(inner -> inner.getActual().getValue()).orElseGet(() -> e.lastFailure()
                        .map(inner -> String.valueOf(inner.getMessage()).strip())
                        .orElseGet(() -> e.lastObserved().stream()
                                .map(StreamTableState::summary)
                                .collect(Collectors.joining(System.lineSeparator())))),
                e);
    }

    /** Fail with the message, giving IDEs the two tables to diff. */
    private void failWithDiff(ErrorMessageFactory factory, RowDiff diff) {
        failWithActualExpected(factory, diff.actualTable(), diff.expectedTable());
    }

    /** Fail with the message, keeping actual and expected for IDEs and reports ({@code AssertionFailedError}). */
    private void failWithActualExpected(ErrorMessageFactory factory, Object actualValue, Object expectedValue) {
        throw failureWithActualExpected(
                actualValue, expectedValue, "%s", factory.create(info.description(), info.representation()));
    }
}
