package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.dbttest.DbtTestDeclarations;
import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.render.Target;
import java.io.PrintStream;
import java.util.Locale;

/** {@code ls}: the selected seeds, models and dbt tests, one per line, without touching a database. */
final class ListCommand {

    private ListCommand() {}

    static int execute(CliArguments arguments, PrintStream out) {
        DbtProject project = ProjectLoader.load(arguments.project(), LoadOptions.defaults());
        CompiledProject compiled = ProjectCompiler.compile(
                project,
                CompileOptions.defaults()
                        .withTarget(new Target(arguments.target().orElse("default"), "public", "postgres"))
                        .withVars(arguments.vars())
                        .withFullRefresh(arguments.fullRefresh()));
        for (GraphNode node : compiled.select(arguments.select(), arguments.exclude())) {
            switch (node.resourceType().name().toLowerCase(Locale.ROOT)) {
                case "model" -> out.println("model " + node.name() + " (" + node.materialization() + ")");
                case "seed" -> out.println("seed " + node.name());
                default -> {}
            }
        }
        DbtTestDeclarations.selected(compiled, arguments.select(), arguments.exclude())
                .forEach(test -> out.println("test " + test.name()));
        return Main.OK;
    }
}
