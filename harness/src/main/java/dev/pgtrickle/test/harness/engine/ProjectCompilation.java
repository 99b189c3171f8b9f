package dev.pgtrickle.test.harness.engine;

import dev.pgtrickle.test.harness.dbttest.DbtTest;
import dev.pgtrickle.test.harness.dbttest.DbtTestDeclarations;
import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import dev.pgtrickle.test.harness.render.CompileOptions;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.ProjectCompiler;
import dev.pgtrickle.test.harness.render.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dbt project loaded from disk and compiled for its target, without any database: what
 * {@link ProjectSession#open(SessionOptions)} checks before it creates anything, what {@code ls} lists and what the
 * {@code pgtrickle-dbt} engine discovers. All three choose the target one way ({@link Target#of}: the profile's output
 * the options name, or its default), so a project that lists fine also opens fine.
 *
 * <pre>{@code
 * ProjectCompilation compilation = ProjectCompilation.of(SessionOptions.builder(projectDir).select("tag:daily").build());
 * compilation.selectedModels().forEach(model -> System.out.println(model.name()));
 * }</pre>
 *
 * @param compiled the project as compiled for the target (with {@code target.database} the profile's {@code dbname},
 *     or {@code postgres}, since no database exists yet)
 * @param select the options' dbt node selection (blank selects everything)
 * @param exclude the options' dbt node exclusion
 */
public record ProjectCompilation(CompiledProject compiled, String select, String exclude) {

    /**
     * Load and compile the project {@code options} name, for their target, vars and environment.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException for a broken project or a target its profile lacks
     */
    public static ProjectCompilation of(SessionOptions options) {
        return of(options, "run");
    }

    /**
     * Load and compile the project {@code options} name for the dbt command {@code which}, as {@code flags.WHICH} shows
     * it ({@code ls} for a listing).
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException for a broken project or a target its profile lacks
     */
    public static ProjectCompilation of(SessionOptions options, String which) {
        return new ProjectCompilation(
                compile(load(options), options, Optional.empty(), false, Map.of(), which),
                options.select(),
                options.exclude());
    }

    /** The selected seeds, models, sources and tests, in dependency order. */
    public List<GraphNode> selectedNodes() {
        return compiled.select(select, exclude);
    }

    /** The selected models, in dependency order. */
    public List<CompiledModel> selectedModels() {
        return compiled.selectModels(select, exclude);
    }

    /** The dbt tests that go with the selection, in the order {@code dbt test} lists them. */
    public List<DbtTest> selectedTests() {
        return DbtTestDeclarations.selected(compiled, select, exclude);
    }

    /** Read the project from disk, as each {@code dbt} command does. */
    static DbtProject load(SessionOptions options) {
        return ProjectLoader.load(
                options.projectDir(),
                LoadOptions.defaults().withEnv(options.env()).withVarsAndTarget(options.vars(), options.target()));
    }

    /**
     * Compile {@code project} for the options' target.
     *
     * @param database the database's name once it exists ({@code target.database})
     * @param fullRefresh {@code flags.FULL_REFRESH} for this command (the options' own setting counts too)
     * @param configOverrides per model, config values that win over every layer
     * @param which the dbt command, {@code flags.WHICH}
     */
    static CompiledProject compile(
            DbtProject project,
            SessionOptions options,
            Optional<String> database,
            boolean fullRefresh,
            Map<String, ? extends Map<String, ?>> configOverrides,
            String which) {
        return ProjectCompiler.compile(
                project,
                CompileOptions.defaults()
                        .withTarget(Target.of(project.profile(), options.target(), database))
                        .withVars(options.vars())
                        .withEnv(options.env())
                        .withFullRefresh(fullRefresh || options.fullRefresh())
                        .withModelConfigOverrides(configOverrides)
                        .withWhich(which));
    }
}
