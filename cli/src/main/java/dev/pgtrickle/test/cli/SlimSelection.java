package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.upgrade.Baseline;
import dev.pgtrickle.test.harness.upgrade.ModelChanges;
import dev.pgtrickle.test.harness.upgrade.StateSelection;
import java.io.PrintStream;
import java.util.Optional;

/**
 * dbt's slim CI for {@code build}, {@code seed}, {@code run}, {@code test} and {@code ls}: {@code --select
 * state:modified+} compared with {@code --baseline DIR} or {@code --baseline-ref REF}. The models that differ are found
 * without a database; the selection is rewritten into their names before the command runs.
 */
final class SlimSelection {

    private SlimSelection() {}

    /**
     * {@code arguments} with their {@code state:} selectors expanded, or empty when the selection matches nothing (dbt's
     * "nothing to do"); {@code arguments} as they are when no {@code state:} selector is used.
     */
    static Optional<CliArguments> apply(CliArguments arguments, PrintStream out) {
        if (!StateSelection.uses(arguments.select()) && !StateSelection.uses(arguments.exclude())) {
            return Optional.of(arguments);
        }
        UpgradeArguments upgrade = arguments.upgrade();
        Baseline baseline = upgrade.baseline()
                .map(Baseline::folder)
                .orElseGet(() -> Baseline.gitRef(
                        arguments.project(), upgrade.baselineRef().orElseThrow()));
        ModelChanges changes = ModelChanges.against(baseline, OperationCommand.options(arguments));
        Optional<String> select = StateSelection.expand(arguments.select(), changes);
        String exclude = StateSelection.expand(arguments.exclude(), changes).orElse("");
        out.println("pgtrickle-test: state: against %s: modified %s%s"
                .formatted(
                        baseline.describe(),
                        changes.modifiedModels().isEmpty() ? "nothing" : String.join(", ", changes.modifiedModels()),
                        select.map(expanded -> " (selecting " + expanded + ")").orElse("")));
        return select.map(expanded -> arguments.withSelection(expanded, exclude));
    }

    /** What a command prints when the {@code state:} selection matched nothing. */
    static int nothingToDo(PrintStream out) {
        out.println("Nothing to do: no model matches the state: selection.");
        out.println("0 passed, 0 failed, 0 skipped");
        return Main.OK;
    }
}
