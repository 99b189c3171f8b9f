package dev.pgtrickle.test.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.pgtrickle.test.assertj.error.RowDiff;
import dev.pgtrickle.test.assertj.error.ScenarioStepFailed;
import dev.pgtrickle.test.harness.catalog.Row;
import dev.pgtrickle.test.harness.catalog.RowSet;
import dev.pgtrickle.test.harness.catalog.StreamTable;
import dev.pgtrickle.test.harness.catalog.StreamTableWaitException;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter;
import dev.pgtrickle.test.harness.catalog.StreamTableWaiter.FailFast;
import dev.pgtrickle.test.harness.engine.ProjectHandle;
import dev.pgtrickle.test.harness.project.Relation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.AssertionErrorCreator;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * A change scenario for one stream table model: starting rows for its inputs, then steps that insert, update, delete
 * or truncate rows of an input and refresh (or wait for the scheduler), each with the rows the stream table must hold
 * afterwards. It runs against the real stream table the project built, over the real input tables, with the model's
 * configured refresh mode, so each step exercises change capture, refresh and the status machine (on the emulation on
 * the embedded backend, on pg_trickle itself on the container backend).
 *
 * <pre>{@code
 * StreamTableScenario.of(project, "customer_revenue")
 *         .given("shop.orders", TableRows.of("order_id", "customer_id", "amount", "status", "ordered_at")
 *                 .row(1, 1, 120.00, "shipped", "2026-03-01 09:00"))
 *         .expect(TableRows.of("customer_id", "total_amount", "order_count").row(1, 120.00, 1))
 *         .step("a second order")
 *         .insert("shop.orders", TableRows.of("order_id", "customer_id", "amount", "status", "ordered_at")
 *                 .row(2, 1, 30.00, "placed", "2026-03-02 10:00"))
 *         .refresh()
 *         .expect(TableRows.of("customer_id", "total_amount", "order_count").row(1, 150.00, 2))
 *         .run();
 * }</pre>
 *
 * <p>Inputs are the seeds and source tables the model reads, directly or through views, ephemeral models and other
 * stream tables ({@code customers}, {@code shop.orders}, or the relation {@code analytics.customers}). {@link #given}
 * empties an input and writes its starting rows; inputs it does not name keep the rows they have. The scenario changes
 * the project's database for good: run it in a test class of its own (each class has its own database), or last.
 * A failing step throws an {@link AssertionError} naming the step, with the row diff (actual and expected for the IDE)
 * and the stream table's status and last refresh; bad input (a relation that is not an input, an unknown column)
 * throws {@link IllegalArgumentException} naming the step before anything is written.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StreamTableScenario {

    private final ProjectHandle project;
    private final String model;
    private final Map<String, TableRows> given = new LinkedHashMap<>();
    private final ScenarioStep start = new ScenarioStep(0, "given");
    private final List<ScenarioStep> steps = new ArrayList<>();
    private Duration waitTimeout = Duration.ofSeconds(60);
    private String description = "";
    private boolean restoreInputs;

    private StreamTableScenario(ProjectHandle project, String model) {
        this.project = Objects.requireNonNull(project, "project");
        this.model = Objects.requireNonNull(model, "model");
        start.sync = ScenarioStep.Sync.REFRESH;
    }

    /**
     * A scenario for the stream table of {@code model}, on the project (an injected {@code PgTrickleProjectHandle}
     * or a {@code ProjectSession}) that has built it.
     */
    public static StreamTableScenario of(ProjectHandle project, String model) {
        return new StreamTableScenario(project, model);
    }

    /** Start with exactly these rows in {@code input} (it is emptied first); the scenario refreshes after the givens. */
    public StreamTableScenario given(String input, TableRows rows) {
        if (!steps.isEmpty()) {
            throw new IllegalStateException(
                    "given(\"%s\", ...) after step(\"%s\"): starting rows come before the first step"
                            .formatted(input, steps.get(steps.size() - 1).name));
        }
        given.put(input, Objects.requireNonNull(rows, "rows"));
        return this;
    }

    /** Begin the next step; the calls up to the next {@code step} belong to it. */
    public StreamTableScenario step(String name) {
        steps.add(new ScenarioStep(steps.size() + 1, Objects.requireNonNull(name, "name")));
        return this;
    }

    /** Insert {@code rows} into {@code input}. */
    public StreamTableScenario insert(String input, TableRows rows) {
        return act(ScenarioStep.Action.insert(input, rows));
    }

    /** {@code UPDATE input SET set WHERE where}, both SQL fragments ({@code "amount = 50"}, {@code "order_id = 1"}). */
    public StreamTableScenario update(String input, String set, String where) {
        return act(ScenarioStep.Action.update(input, set, where));
    }

    /** {@code DELETE FROM input WHERE where}, a SQL fragment ({@code "order_id = 1"}). */
    public StreamTableScenario delete(String input, String where) {
        return act(ScenarioStep.Action.delete(input, where));
    }

    /** {@code TRUNCATE input}. */
    public StreamTableScenario truncate(String input) {
        return act(ScenarioStep.Action.truncate(input));
    }

    /**
     * After the step's changes, refresh by hand ({@code pgtrickle.refresh_stream_table}) every stream table from the
     * inputs up to the model, upstream first.
     */
    public StreamTableScenario refresh() {
        current("refresh()").sync = ScenarioStep.Sync.REFRESH;
        return this;
    }

    /**
     * After the step's changes, let the scheduler refresh: the step's expectation is polled until it holds or the wait
     * timeout ({@link #waitTimeout(Duration)}, 60 seconds by default) passes. Needs an {@link #expect} in the step.
     */
    public StreamTableScenario waitForScheduler() {
        current("waitForScheduler()").sync = ScenarioStep.Sync.SCHEDULER;
        return this;
    }

    /**
     * The rows the stream table must hold after the current step (before any step: after the starting rows), compared
     * as a multiset on the columns named (others are not compared). Without a refresh or wait the check is immediate,
     * which suits an {@code IMMEDIATE} stream table.
     */
    public StreamTableScenario expect(TableRows rows) {
        (steps.isEmpty() ? start : current("expect(...)")).expected = Objects.requireNonNull(rows, "rows");
        return this;
    }

    /** How long {@link #waitForScheduler()} waits for a step's expectation. */
    public StreamTableScenario waitTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("waitTimeout must be positive, got " + timeout);
        }
        this.waitTimeout = timeout;
        return this;
    }

    /**
     * A description put before every message of the scenario ({@code [description] ...}), like AssertJ's {@code as}:
     * where the scenario is declared, for example.
     */
    public StreamTableScenario as(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return this;
    }

    /**
     * When the scenario is done, passed or failed, put back the rows its inputs had before it and refresh the stream
     * tables that read them, so that later tests see the data the build left. Off by default (the scenario's last rows
     * stay); the scenarios declared in YAML always do it.
     */
    public StreamTableScenario restoreInputs() {
        this.restoreInputs = true;
        return this;
    }

    /**
     * Run the scenario: check every step's inputs, write the starting rows and refresh, then run each step and check
     * its expectation.
     *
     * @throws AssertionError for the first step whose rows differ
     * @throws IllegalArgumentException for a model that is not a stream table, a relation that is not an input or an
     *     unknown column, before anything is written
     */
    public void run() {
        try {
            runSteps();
        } catch (IllegalArgumentException e) {
            throw description.isEmpty() ? e : new IllegalArgumentException(described(e.getMessage()), e);
        } catch (IllegalStateException e) {
            throw description.isEmpty() ? e : new IllegalStateException(described(e.getMessage()), e);
        }
    }

    private void runSteps() {
        ScenarioInputs inputs = ScenarioInputs.of(project.compiledProject(), model);
        given.forEach((input, rows) -> {
            start.actions.add(ScenarioStep.Action.truncate(input));
            start.actions.add(ScenarioStep.Action.insert(input, rows));
        });
        List<ScenarioStep> all = new ArrayList<>();
        all.add(start);
        all.addAll(steps);
        try {
            Set<Relation> touched = new LinkedHashSet<>();
            for (ScenarioStep step : all) {
                step.resolve(inputs);
                touched.addAll(step.relations());
                if (step.sync == ScenarioStep.Sync.SCHEDULER && step.expected == null) {
                    throw new IllegalArgumentException(
                            "%s: waitForScheduler() needs an expect(...) in the same step: it waits until those rows are there"
                                    .formatted(step.title()));
                }
            }
            StreamTable table = project.streamTable(model);
            checkExpectedColumns(table, all);
            try (Connection connection = project.connect()) {
                for (ScenarioStep step : all) {
                    step.checkColumns(connection);
                }
                InputSnapshot saved = restoreInputs ? InputSnapshot.save(connection, touched) : null;
                Throwable failure = null;
                try {
                    for (ScenarioStep step : all) {
                        step.apply(connection);
                        if (step.sync == ScenarioStep.Sync.REFRESH) {
                            inputs.streamTables()
                                    .forEach(name -> project.streamTable(name).refresh());
                        }
                        if (step.expected != null) {
                            check(table, step);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                    throw e;
                } finally {
                    if (saved != null) {
                        putBack(connection, saved, inputs.streamTablesReading(touched), failure);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stream table scenario for %s: %s".formatted(model, e.getMessage()), e);
        } finally {
            start.actions.clear();
        }
    }

    /** Every column an expectation names must be one of the stream table's; checked before anything is written. */
    private static void checkExpectedColumns(StreamTable table, List<ScenarioStep> steps) {
        List<String> columns = table.columns();
        for (ScenarioStep step : steps) {
            if (step.expected == null) {
                continue;
            }
            for (String column : step.expected.columns()) {
                if (!columns.contains(column)) {
                    throw new IllegalArgumentException(
                            "%s: the expected rows name the column '%s', which the stream table %s does not have; its columns are: %s"
                                    .formatted(
                                            step.title(), column, table.qualifiedName(), String.join(", ", columns)));
                }
            }
        }
    }

    /** Put the inputs back and refresh what reads them; a problem there is added to the scenario's own failure. */
    private void putBack(Connection connection, InputSnapshot saved, List<String> readers, Throwable failure) {
        try {
            saved.restore(connection);
            for (String reader : readers) {
                // A reader the run did not build (not selected, or failed) has nothing to refresh.
                if (built(connection, reader)) {
                    project.streamTable(reader).refresh();
                }
            }
        } catch (SQLException | RuntimeException e) {
            IllegalStateException problem = new IllegalStateException(
                    "stream table scenario for %s: could not put its inputs back: %s".formatted(model, e.getMessage()),
                    e);
            if (failure == null) {
                throw problem;
            }
            failure.addSuppressed(problem);
        }
    }

    private boolean built(Connection connection, String model) throws SQLException {
        Relation relation = project.compiledProject()
                .findModel(model)
                .map(dev.pgtrickle.test.harness.render.CompiledModel::relation)
                .orElse(null);
        if (relation == null) {
            return false;
        }
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, relation.quoted());
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private String described(String message) {
        return description.isEmpty() ? message : "[%s] %s".formatted(description, message);
    }

    private void check(StreamTable table, ScenarioStep step) {
        Duration waited = Duration.ZERO;
        if (step.sync == ScenarioStep.Sync.SCHEDULER) {
            // The waiter wakes on the scheduler's refresh_completed alert and polls otherwise; a table that turns
            // ERROR or SUSPENDED cannot get there by itself, so that ends the wait early too.
            long start = System.nanoTime();
            try {
                StreamTableWaiter.withTimeout(waitTimeout)
                        .awaitAsserted(table, "holds the rows of " + step.title(), FailFast.ON_BROKEN_STATUS, () -> {
                            if (!diff(table, step).matches()) {
                                throw new AssertionError("the rows differ");
                            }
                        });
                return;
            } catch (StreamTableWaitException ended) {
                // Reported below with the rows and the state as they are now.
                waited = Duration.ofNanos(System.nanoTime() - start);
            }
        }
        RowDiff diff = diff(table, step);
        if (diff.matches()) {
            return;
        }
        String message = described(ScenarioStepFailed.message(
                model,
                table.qualifiedName(),
                step.title(),
                step.describe(),
                diff,
                table.state(),
                waited(step, waited)));
        throw new AssertionErrorCreator()
                .assertionError(
                        message,
                        diff.actualTable(),
                        diff.expectedTable(),
                        StandardRepresentation.STANDARD_REPRESENTATION);
    }

    private static RowDiff diff(StreamTable table, ScenarioStep step) {
        // TableRows.none() names no columns: any row at all is unexpected, shown with every column.
        String columns = step.expected.columns().isEmpty()
                ? "*"
                : step.expected.columns().stream().map(Relation::quote).collect(Collectors.joining(", "));
        RowSet actual = table.query(
                "SELECT %s FROM %s".formatted(columns, new Relation(table.schema(), table.name()).quoted()));
        List<Row> wanted = ExpectedValues.like(actual.rows(), step.expected.normalised());
        return RowDiff.between(actual.columns(), actual.rows(), wanted);
    }

    private static String waited(ScenarioStep step, Duration waited) {
        return step.sync == ScenarioStep.Sync.SCHEDULER
                ? "after waiting %ds for the scheduler".formatted(Math.round(waited.toMillis() / 1000.0))
                : step.sync == ScenarioStep.Sync.REFRESH ? "after a refresh" : "without a refresh";
    }

    private ScenarioStep current(String call) {
        if (steps.isEmpty()) {
            throw new IllegalStateException(
                    "%s before any step(...): call step(\"what happens\") first; starting rows go in given(...)"
                            .formatted(call));
        }
        return steps.get(steps.size() - 1);
    }

    private StreamTableScenario act(ScenarioStep.Action action) {
        current(action.verb() + "(\"" + action.input() + "\", ...)").actions.add(action);
        return this;
    }
}
