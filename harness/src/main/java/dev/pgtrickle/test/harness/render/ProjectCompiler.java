package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.DbtProject;

/**
 * Renders every model and seed hook of a {@link DbtProject} for one target, as {@code dbt compile} does, and builds
 * the dependency graph. Fails before anything touches a database.
 */
public final class ProjectCompiler {

    private ProjectCompiler() {}

    /**
     * Compiles {@code project}.
     *
     * @throws dev.pgtrickle.test.harness.project.ProjectException naming the model file and line for an undefined
     *     ref, source or var, a template error or a {@code raise_compiler_error}
     * @throws dev.pgtrickle.test.harness.graph.CycleException when refs form a cycle
     */
    public static CompiledProject compile(DbtProject project, CompileOptions options) {
        return new CompilationRun(project, options).compile();
    }
}
