package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;

/** Reads one project directory (work in progress). */
final class ProjectReader {

    private final Path root;
    private final LoadOptions options;

    ProjectReader(Path projectDir, LoadOptions options) {
        this.root = projectDir.toAbsolutePath().normalize();
        this.options = options;
    }

    DbtProject read() {
        throw new UnsupportedOperationException("loading %s with %s is not implemented yet".formatted(root, options));
    }
}
