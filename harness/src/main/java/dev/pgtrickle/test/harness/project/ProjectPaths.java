package dev.pgtrickle.test.harness.project;

import java.util.List;

/**
 * The resource folders {@code dbt_project.yml} declares, relative to the project root, with dbt's defaults.
 *
 * @param modelPaths {@code model-paths}, default {@code [models]}
 * @param seedPaths {@code seed-paths}, default {@code [seeds]}
 * @param testPaths {@code test-paths}, default {@code [tests]}
 * @param macroPaths {@code macro-paths}, default {@code [macros]}
 * @param snapshotPaths {@code snapshot-paths}, default {@code [snapshots]}
 */
public record ProjectPaths(
        List<String> modelPaths,
        List<String> seedPaths,
        List<String> testPaths,
        List<String> macroPaths,
        List<String> snapshotPaths) {

    public ProjectPaths {
        modelPaths = List.copyOf(modelPaths);
        seedPaths = List.copyOf(seedPaths);
        testPaths = List.copyOf(testPaths);
        macroPaths = List.copyOf(macroPaths);
        snapshotPaths = List.copyOf(snapshotPaths);
    }

    /** The folders without {@code snapshot-paths}, which then has dbt's default. */
    public ProjectPaths(
            List<String> modelPaths, List<String> seedPaths, List<String> testPaths, List<String> macroPaths) {
        this(modelPaths, seedPaths, testPaths, macroPaths, List.of("snapshots"));
    }

    /** dbt's defaults. */
    public static ProjectPaths defaults() {
        return new ProjectPaths(List.of("models"), List.of("seeds"), List.of("tests"), List.of("macros"));
    }
}
