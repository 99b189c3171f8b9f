package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;

/**
 * A singular (data) test: a {@code .sql} file under a test path (not under {@code tests/generic/}), returning the
 * failing rows.
 *
 * @param name the file name without {@code .sql}
 * @param uniqueId {@code test.<project>.<name>}
 * @param file the absolute path
 * @param originalFilePath the path relative to the project root, {@code /} separators
 * @param rawSql the file content, to be rendered like a model
 * @param config configuration from {@code dbt_project.yml} {@code tests:} ({@code severity}, ...); the file's own
 *     {@code config()} call is applied when rendered
 */
public record SingularTestNode(
        String name, String uniqueId, Path file, String originalFilePath, String rawSql, NodeConfig config) {}
