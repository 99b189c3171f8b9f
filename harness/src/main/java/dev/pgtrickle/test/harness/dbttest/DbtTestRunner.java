package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.db.ConnectionFactory;
import dev.pgtrickle.test.harness.db.Transactions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs dbt tests against a database: compiles each, reads its failure count and first failing rows in one statement, applies the
 * test's severity and thresholds. Each test runs in its own read-only transaction that is rolled back, so a test can
 * never change the data another test sees.
 */
public final class DbtTestRunner {

    /** The failure count, the last column of the one query a test runs. */
    private static final String TOTAL_COLUMN = "pgtrickle_test_failures";

    /** True on each of the first failing rows, NULL on the row that only carries the count. */
    private static final String ROW_MARKER = "pgtrickle_test_failing_row";

    private final ConnectionFactory connections;
    private final DbtTestCompiler compiler;
    private final int rowLimit;
    private final ScenarioTests scenarios;
    private final UnitTestRunner unitTests;

    /**
     * A runner for the dbt tests of a project without change scenarios.
     *
     * @param connections opens connections to the project's database
     * @param compiler compiles declared tests
     * @param rowLimit how many failing rows each result keeps
     */
    public DbtTestRunner(ConnectionFactory connections, DbtTestCompiler compiler, int rowLimit) {
        this(connections, compiler, rowLimit, new ScenarioTests("", java.util.List.of(), ScenarioExecutor.UNAVAILABLE));
    }

    DbtTestRunner(ConnectionFactory connections, DbtTestCompiler compiler, int rowLimit, ScenarioTests scenarios) {
        this.scenarios = scenarios;
        if (rowLimit < 1) {
            throw new IllegalArgumentException("rowLimit must be at least 1, was " + rowLimit);
        }
        this.connections = connections;
        this.compiler = compiler;
        this.rowLimit = rowLimit;
        this.unitTests = new UnitTestRunner(compiler.project());
    }

    /** Run {@code tests} in order, telling {@code listener} about each. */
    public DbtTestResults runAll(List<DbtTest> tests, DbtTestListener listener) {
        List<DbtTestResult> results = new ArrayList<>();
        try (Connection connection = connections.open()) {
            for (DbtTest test : tests) {
                listener.started(test);
                DbtTestResult result = run(connection, test);
                listener.finished(result);
                results.add(result);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the project database: " + e.getMessage(), e);
        }
        return new DbtTestResults(results);
    }

    /** Run one test. Problems with the test itself (bad SQL, unknown ref) become an {@link DbtTestStatus#ERROR}. */
    public DbtTestResult run(DbtTest test) {
        try (Connection connection = connections.open()) {
            return run(connection, test);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the project database: " + e.getMessage(), e);
        }
    }

    private DbtTestResult run(Connection connection, DbtTest test) {
        if (test.kind() == DbtTestKind.SCENARIO) {
            return scenarios.run(test);
        }
        if (test.kind() == DbtTestKind.UNIT) {
            return unitTests.run(connection, test);
        }
        long start = System.nanoTime();
        CompiledDbtTest compiled;
        try {
            compiled = compiler.compile(test, connection);
        } catch (RuntimeException e) {
            return new DbtTestResult(
                    test, DbtTestStatus.ERROR, 0, FailingRows.none(), "", since(start), Optional.of(message(e)));
        }
        try {
            FailingRows rows =
                    query(connection, compiled.sql(), compiled.config().failCalc());
            return new DbtTestResult(
                    test,
                    compiled.config().statusFor(rows.total()),
                    rows.total(),
                    rows,
                    compiled.sql(),
                    since(start),
                    Optional.empty());
        } catch (SQLException e) {
            return new DbtTestResult(
                    test,
                    DbtTestStatus.ERROR,
                    0,
                    FailingRows.none(),
                    compiled.sql(),
                    since(start),
                    Optional.of("the database refused the test's SQL: " + e.getMessage()));
        }
    }

    /**
     * The failure count is {@code failCalc} over the test's rows, as dbt computes it ({@code count(*)} unless the test
     * sets {@code fail_calc}); a calculation that gives NULL (a sum over no rows) counts as no failure, as in dbt. The
     * count and the first rows come from one statement, so from one snapshot: counting in one statement and reading the
     * rows in another let a scheduler commit in between, and a report said "1 failing row" above "(no rows)".
     */
    private FailingRows query(Connection connection, String sql, String failCalc) throws SQLException {
        // The CTE is read twice, so PostgreSQL evaluates it once; the marker tells a row from the left join's NULLs.
        String oneRead =
                """
                with dbt_internal_test as (
                %1$s
                ), dbt_internal_total as (
                    select %2$s as %3$s from dbt_internal_test
                )
                select first_rows.*, dbt_internal_total.%3$s
                from dbt_internal_total
                left join (select *, true as %4$s from dbt_internal_test limit %5$d) first_rows on true"""
                        .formatted(sql, failCalc, TOTAL_COLUMN, ROW_MARKER, rowLimit);
        return Transactions.readOnly(connection, c -> {
            try (Statement statement = c.createStatement();
                    ResultSet rows = statement.executeQuery(oneRead)) {
                return read(rows);
            }
        });
    }

    /** The rows of {@link #query}: the test's columns, then the row marker, then the total. */
    private static FailingRows read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int totalColumn = meta.getColumnCount();
        int markerColumn = totalColumn - 1;
        List<Integer> shown = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i < markerColumn; i++) {
            // pg_trickle's bookkeeping columns say nothing about why a row fails.
            if (!meta.getColumnLabel(i).startsWith("__pgt_")) {
                shown.add(i);
                columns.add(meta.getColumnLabel(i));
            }
        }
        List<List<String>> values = new ArrayList<>();
        long total = 0;
        while (rows.next()) {
            BigDecimal value = rows.getBigDecimal(totalColumn);
            total = value == null ? 0 : value.longValue();
            if (!rows.getBoolean(markerColumn)) {
                continue; // no failing rows: only the total came back
            }
            List<String> row = new ArrayList<>();
            for (int column : shown) {
                row.add(rows.getString(column));
            }
            values.add(row);
        }
        return total == 0 ? FailingRows.none() : new FailingRows(columns, values, total);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
