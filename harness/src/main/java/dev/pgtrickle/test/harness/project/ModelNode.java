package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.List;

/**
 * A model as loaded from disk, before rendering.
 *
 * @param name the model name (file name without {@code .sql})
 * @param uniqueId {@code model.<project>.<name>}
 * @param file the absolute path of the {@code .sql} file
 * @param originalFilePath the path relative to the project root, with {@code /} separators (dbt's
 *     {@code original_file_path}); {@code path:} selectors match it
 * @param fqn dbt's fully qualified name: project name, folders under the model path, model name
 * @param rawSql the file content
 * @param config {@code dbt_project.yml} configuration merged with the property file's {@code config:}; the model's
 *     own {@code config()} call is applied when it is rendered
 * @param description from the property file, empty when none
 * @param columns from the property file
 * @param propertiesFile the property file describing the model, when one does
 */
public record ModelNode(
        String name,
        String uniqueId,
        Path file,
        String originalFilePath,
        List<String> fqn,
        String rawSql,
        NodeConfig config,
        String description,
        List<ColumnSpec> columns,
        java.util.Optional<Path> propertiesFile) {

    public ModelNode {
        fqn = List.copyOf(fqn);
        columns = List.copyOf(columns);
    }

    /** The package the model belongs to: the project's name, or an installed package's (dbt's {@code package_name}). */
    public String packageName() {
        return fqn.get(0);
    }

    /** This model with other SQL (e.g. a test changing a model between runs). */
    public ModelNode withRawSql(String rawSql) {
        return new ModelNode(
                name, uniqueId, file, originalFilePath, fqn, rawSql, config, description, columns, propertiesFile);
    }

    /** This model with another file-level configuration (the model's own {@code config()} still applies on top). */
    public ModelNode withConfig(NodeConfig config) {
        return new ModelNode(
                name, uniqueId, file, originalFilePath, fqn, rawSql, config, description, columns, propertiesFile);
    }
}
