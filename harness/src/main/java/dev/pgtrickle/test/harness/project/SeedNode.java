package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.List;

/**
 * A seed CSV file.
 *
 * @param name the seed name (file name without {@code .csv})
 * @param uniqueId {@code seed.<project>.<name>}
 * @param file the absolute path of the CSV file
 * @param originalFilePath the path relative to the project root, {@code /} separators
 * @param fqn project name, folders under the seed path, seed name
 * @param config {@code dbt_project.yml} {@code seeds:} configuration merged with the property file's {@code config:}
 *     ({@code column_types}, {@code quote_columns}, {@code delimiter}, {@code schema}, {@code alias}, hooks, ...)
 * @param columns from the property file
 */
public record SeedNode(
        String name,
        String uniqueId,
        Path file,
        String originalFilePath,
        List<String> fqn,
        NodeConfig config,
        List<ColumnSpec> columns) {

    public SeedNode {
        fqn = List.copyOf(fqn);
        columns = List.copyOf(columns);
    }

    /** The package the seed belongs to: the project's name, or an installed package's (dbt's {@code package_name}). */
    public String packageName() {
        return fqn.get(0);
    }
}
