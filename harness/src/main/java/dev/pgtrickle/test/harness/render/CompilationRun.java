package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.DbtProject;

/** One compilation of a project (work in progress). */
final class CompilationRun {

    private final DbtProject project;
    private final CompileOptions options;

    CompilationRun(DbtProject project, CompileOptions options) {
        this.project = project;
        this.options = options;
    }

    CompiledProject compile() {
        throw new UnsupportedOperationException(
                "compiling %s with %s is not implemented yet".formatted(project.name(), options));
    }
}
