package dev.pgtrickle.test.junit.engine;

import java.nio.file.Path;

/** Opens a {@link ProjectRun}; the project is loaded and validated before anything is created. */
@FunctionalInterface
interface ProjectRunFactory {

    ProjectRun open(Path project, DbtEngineSettings settings);
}
