package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.engine.ProjectCompilation;
import dev.pgtrickle.test.harness.graph.GraphNode;
import java.io.PrintStream;
import java.util.Locale;

/** {@code ls}: the selected seeds, models and dbt tests, one per line, without touching a database. */
final class ListCommand {

    private ListCommand() {}

    static int execute(CliArguments arguments, PrintStream out) {
        ProjectCompilation compilation = ProjectCompilation.of(OperationCommand.options(arguments), "ls");
        for (GraphNode node : compilation.selectedNodes()) {
            switch (node.resourceType().name().toLowerCase(Locale.ROOT)) {
                case "model" -> out.println("model " + node.name() + " (" + node.materialization() + ")");
                case "seed" -> out.println("seed " + node.name());
                case "snapshot" -> out.println("snapshot " + node.name());
                default -> {}
            }
        }
        compilation.selectedTests().forEach(test -> out.println("test " + test.name()));
        return Main.OK;
    }
}
