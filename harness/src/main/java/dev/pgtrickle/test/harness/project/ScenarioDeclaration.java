package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A change scenario for a stream table model, as a property file declares it under the model's
 * {@code config: meta: pgtrickle_scenarios:} (a place dbt keeps but never interprets, so the project stays valid for
 * dbt). Read by {@link ScenarioParser}; run as a dbt test of kind {@code SCENARIO} by the Java
 * {@code StreamTableScenario} of the assertions module.
 *
 * @param model the model the scenario follows
 * @param modelUniqueId the model's dbt unique id
 * @param name the scenario's {@code name:}
 * @param file the property file
 * @param line the line of the scenario's entry
 * @param given the starting rows of inputs, in order
 * @param expect the stream table's rows after the starting rows, if given
 * @param steps the steps, in order
 * @param waitTimeout how long a {@code wait_for_scheduler} step waits, when set
 * @param problem why the entry cannot run ({@code file:line: ...}), for a malformed entry: the scenario is then
 *     reported as an error and the project's other tests still run
 */
public record ScenarioDeclaration(
        String model,
        String modelUniqueId,
        String name,
        Path file,
        int line,
        List<Input> given,
        Optional<Rows> expect,
        List<Step> steps,
        Optional<Duration> waitTimeout,
        Optional<String> problem) {

    public ScenarioDeclaration {
        given = List.copyOf(given);
        steps = List.copyOf(steps);
    }

    /** A malformed entry: it runs as an error saying {@code problem}. */
    static ScenarioDeclaration malformed(
            String model, String modelUniqueId, String name, Path file, int line, String problem) {
        return new ScenarioDeclaration(
                model,
                modelUniqueId,
                name,
                file,
                line,
                List.of(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.of(problem));
    }

    /** The same scenario for the model's unique id, known once every model is loaded. */
    ScenarioDeclaration forModel(String uniqueId) {
        return new ScenarioDeclaration(model, uniqueId, name, file, line, given, expect, steps, waitTimeout, problem);
    }

    /** {@code models/marts/schema.yml:31}: where the entry (or one of its steps) is. */
    public String location(int atLine) {
        return atLine > 0 ? "%s:%d".formatted(file, atLine) : file.toString();
    }

    /**
     * Rows with their column names: every row has one value per column. No columns and no rows is {@code expect: []},
     * an empty stream table.
     *
     * @param columns the column names, from the first row
     * @param values the rows' values (YAML scalars: strings, numbers, booleans, dates, null)
     */
    public record Rows(List<String> columns, List<List<Object>> values) {

        public Rows {
            columns = List.copyOf(columns);
            values = values.stream()
                    .map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row)))
                    .toList();
        }
    }

    /**
     * The starting rows of one input.
     *
     * @param input the input as written: a seed ({@code customers}), a source ({@code shop.orders}) or a relation
     * @param rows its rows
     * @param line where the entry is
     */
    public record Input(String input, Rows rows, int line) {}

    /** What a change does to its input. */
    public enum Verb {
        INSERT,
        UPDATE,
        DELETE,
        TRUNCATE
    }

    /** How the stream table catches up after a step's changes. */
    public enum Sync {
        /** Not at all: the expectation is checked at once (an {@code IMMEDIATE} stream table). */
        NONE,
        /** {@code refresh: true}: a refresh by hand. */
        REFRESH,
        /** {@code wait_for_scheduler: true}: the expectation is polled until it holds. */
        SCHEDULER
    }

    /**
     * One change to an input.
     *
     * @param verb insert, update, delete or truncate
     * @param input the input as written
     * @param rows the rows an insert writes (empty for the others)
     * @param set the {@code SET} fragment of an update
     * @param where the {@code WHERE} fragment of an update or delete
     * @param line where the change is written
     */
    public record Change(Verb verb, String input, Optional<Rows> rows, String set, String where, int line) {}

    /**
     * One step.
     *
     * @param name the step's {@code name:}
     * @param line where the step is
     * @param changes its changes, in the order written
     * @param sync how the stream table catches up
     * @param expect the rows after the step, if given
     */
    public record Step(String name, int line, List<Change> changes, Sync sync, Optional<Rows> expect) {

        public Step {
            changes = List.copyOf(changes);
        }
    }
}
