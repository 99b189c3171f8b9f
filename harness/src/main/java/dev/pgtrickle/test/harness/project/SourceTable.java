package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.List;

/**
 * One table of a {@code sources:} entry.
 *
 * @param sourceName the source's {@code name}
 * @param tableName the table's {@code name}, the second argument of {@code source()}
 * @param uniqueId {@code source.<project>.<source>.<table>}
 * @param relation {@code schema} (default: the source name) and {@code identifier} (default: the table name)
 * @param file the property file declaring it
 * @param line the 1-based line of the table entry
 * @param columns declared columns
 * @param tags the source's and the table's tags
 */
public record SourceTable(
        String sourceName,
        String tableName,
        String uniqueId,
        Relation relation,
        Path file,
        int line,
        List<ColumnSpec> columns,
        List<String> tags) {

    public SourceTable {
        columns = List.copyOf(columns);
        tags = List.copyOf(tags);
    }

    /** {@code source_name.table_name}, how dbt prints a source in messages and selectors. */
    public String displayName() {
        return sourceName + "." + tableName;
    }
}
