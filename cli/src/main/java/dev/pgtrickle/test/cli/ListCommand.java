package dev.pgtrickle.test.cli;

import dev.pgtrickle.test.harness.dbttest.DbtProjectLayout;
import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.dbttest.DbtTestLoader;
import dev.pgtrickle.test.harness.dbttest.DbtTestSelection;
import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.render.Target;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

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
        Set<String> selected = new LinkedHashSet<>();
        for (GraphNode node : compiled.select(arguments.select(), arguments.exclude())) {
            switch (node.resourceType().name().toLowerCase(Locale.ROOT)) {
                case "model" -> out.println("model " + node.name() + " (" + node.materialization() + ")");
                case "seed" -> out.println("seed " + node.name());
                default -> {}
            }
            selected.add(node.name());
        }
        Predicate<DbtTest> tests =
                arguments.select().isBlank() && arguments.exclude().isBlank()
                        ? DbtTestSelection.all()
                        : DbtTestSelection.of(selected);
        List<DbtTest> declared = new DbtTestLoader(DbtProjectLayout.read(arguments.project())).tests();
        declared.stream().filter(tests).forEach(test -> out.println("test " + test.name()));
        return Main.OK;
    }
}
