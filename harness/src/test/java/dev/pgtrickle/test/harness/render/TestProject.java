package dev.pgtrickle.test.harness.render;

import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.LoadOptions;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.ProjectLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A small dbt project written to a temporary folder by a test. */
final class TestProject {

    private final Path root;
    private CompileOptions options = CompileOptions.defaults().withEnv(Map.of());

    private TestProject(Path root) {
        this.root = root;
    }

    /** A project called {@code p} in {@code root}, with a bare dbt_project.yml unless the test writes its own. */
    static TestProject in(Path root) {
        TestProject project = new TestProject(root);
        project.file("dbt_project.yml", "name: p\nprofile: p\n");
        return project;
    }

    TestProject file(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestProject options(CompileOptions options) {
        this.options = options;
        return this;
    }

    Path root() {
        return root;
    }

    DbtProject load() {
        return ProjectLoader.load(root, new LoadOptions(Map.of()));
    }

    CompiledProject compile() {
        return ProjectCompiler.compile(load(), options);
    }

    /**
     * Renders {@code template} as the only model, {@code m}, and returns its compiled SQL; a model that fails to
     * render with execute true (which fails only that model in a build) is thrown here as the project error it is.
     */
    String render(String template) {
        file("models/m.sql", template);
        CompiledModel model = compile().model("m");
        if (model.compileError().isPresent()) {
            throw new ProjectException(model.compileError().get());
        }
        return model.compiledSql();
    }
}
