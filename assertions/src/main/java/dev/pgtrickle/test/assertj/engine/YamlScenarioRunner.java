package dev.pgtrickle.test.assertj.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.pgtrickle.test.assertj.StreamTableScenario;
import dev.pgtrickle.test.assertj.TableRows;
import dev.pgtrickle.test.harness.engine.ProjectHandle;
import dev.pgtrickle.test.harness.engine.ScenarioRunner;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Change;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Input;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Rows;
import dev.pgtrickle.test.harness.project.ScenarioDeclaration.Step;
import org.apiguardian.api.API;

/**
 * Runs a change scenario declared in YAML as the same {@link StreamTableScenario} a Java test builds, so both forms
 * have one implementation. Every message starts with where the scenario is declared ({@code file:line}) and its name;
 * each step's name carries its line. The inputs are put back afterwards, since the scenario runs among the project's
 * other tests. Registered for {@link java.util.ServiceLoader} under {@link ScenarioRunner}.
 */
@API(status = INTERNAL, since = "0.1")
public final class YamlScenarioRunner implements ScenarioRunner {

    /** For {@link java.util.ServiceLoader}. */
    public YamlScenarioRunner() {}

    @Override
    public void run(ProjectHandle project, ScenarioDeclaration declaration) {
        StreamTableScenario scenario = StreamTableScenario.of(project, declaration.model())
                .as("%s: scenario '%s'".formatted(declaration.location(declaration.line()), declaration.name()))
                .restoreInputs();
        for (Input input : declaration.given()) {
            scenario.given(input.input(), rows(input.rows()));
        }
        declaration.expect().ifPresent(rows -> scenario.expect(rows(rows)));
        declaration.waitTimeout().ifPresent(scenario::waitTimeout);
        for (Step step : declaration.steps()) {
            scenario.step("%s (line %d)".formatted(step.name(), step.line()));
            for (Change change : step.changes()) {
                switch (change.verb()) {
                    case INSERT ->
                        scenario.insert(change.input(), rows(change.rows().orElseThrow()));
                    case UPDATE -> scenario.update(change.input(), change.set(), change.where());
                    case DELETE -> scenario.delete(change.input(), change.where());
                    case TRUNCATE -> scenario.truncate(change.input());
                }
            }
            switch (step.sync()) {
                case REFRESH -> scenario.refresh();
                case SCHEDULER -> scenario.waitForScheduler();
                case NONE -> {}
            }
            step.expect().ifPresent(rows -> scenario.expect(rows(rows)));
        }
        scenario.run();
    }

    private static TableRows rows(Rows rows) {
        if (rows.columns().isEmpty()) {
            return TableRows.none();
        }
        TableRows table = TableRows.of(rows.columns().toArray(String[]::new));
        for (var values : rows.values()) {
            table = table.row(values.toArray());
        }
        return table;
    }
}
