package dev.pgtrickle.test.harness.project;

import java.util.List;

/**
 * The resource folders {@code dbt_project.yml} declares, relative to the project root, with dbt's defaults.
 *
 * @param modelPaths {@code model-paths}, default {@code [models]}
 * @param seedPaths {@code seed-paths}, default {@code [seeds]}
 * @param testPaths {@code test-paths}, default {@code [tests]}
 * @param macroPaths {@code macro-paths}, default {@code [macros]}
 */
public record ProjectPaths(
        List<String> modelPaths, List<String> seedPaths, List<String> testPaths, List<String> macroPaths) {

    public ProjectPaths {
        modelPaths = List.copyOf(modelPaths);
        seedPaths = List.copyOf(seedPaths);
        testPaths = List.copyOf(testPaths);
        macroPaths = List.copyOf(macroPaths);
    }

    /** dbt's defaults. */
    public static ProjectPaths defaults() {
        return new ProjectPaths(List.of("models"), List.of("seeds"), List.of("tests"), List.of("macros"));
    }
}
