package dev.pgtrickle.test.harness.seed;

import dev.pgtrickle.test.harness.project.Relation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of loading one seed.
 *
 * @param relation the table that was loaded
 * @param csvFile the CSV file it came from
 * @param action created, recreated (full refresh) or truncated and reloaded
 * @param columns the table's columns in file order, with their types
 * @param rowCount the number of rows loaded
 * @param elapsed wall-clock time of parsing and loading
 */
public record SeedResult(
        Relation relation, Path csvFile, SeedAction action, List<SeedColumn> columns, long rowCount, Duration elapsed) {

    public SeedResult {
        columns = List.copyOf(columns);
    }

    /** One line for reports: {@code created public.raw_orders, 10 rows}. */
    public String summary() {
        return "%s %s, %d rows"
                .formatted(action.name().toLowerCase(java.util.Locale.ROOT), relation.qualifiedName(), rowCount);
    }
}
