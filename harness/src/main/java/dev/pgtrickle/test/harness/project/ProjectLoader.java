package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;

/**
 * Loads a dbt project directory into a {@link DbtProject} and validates it before anything touches a database:
 * {@code dbt_project.yml}, property files, models, seeds, sources, tests, macros and {@code profiles.yml}.
 */
public final class ProjectLoader {

    private ProjectLoader() {}

    /**
     * Loads the project in {@code projectDir}.
     *
     * @throws ProjectException naming the file, the line when known, and the fix, for any bad input
     */
    public static DbtProject load(Path projectDir, LoadOptions options) {
        return new ProjectReader(projectDir, options).read();
    }

    /** Loads the project in {@code projectDir} with the process environment. */
    public static DbtProject load(Path projectDir) {
        return load(projectDir, LoadOptions.defaults());
    }
}
