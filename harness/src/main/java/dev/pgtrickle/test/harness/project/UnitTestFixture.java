package dev.pgtrickle.test.harness.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one unit test input ({@code given:}) or of its {@code expect:}, as the property file or a fixture file
 * gives them.
 *
 * @param input {@code ref('x')}, {@code source('s', 't')} or {@code this}; empty for {@code expect:}
 * @param format how the rows were written
 * @param rows the rows as column name to value ({@link Format#DICT} and {@link Format#CSV}; a CSV value is text, an
 *     empty CSV value NULL, as in dbt); empty for {@link Format#SQL}
 * @param sql the query that gives the rows ({@link Format#SQL} only)
 * @param file where the rows are written: the property file, or the fixture file
 * @param line the 1-based line of the entry (or 0 for a fixture file)
 */
public record UnitTestFixture(
        String input, Format format, List<Map<String, Object>> rows, Optional<String> sql, Path file, int line) {

    /** dbt's fixture formats. */
    public enum Format {
        /** A YAML list of mappings (the default). */
        DICT,
        /** CSV text with a header line, inline or in a {@code fixture:} file. */
        CSV,
        /** A query, inline or in a {@code fixture:} file; it must give every column. */
        SQL;

        /** The name written in {@code format:}. */
        public String dbtName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public UnitTestFixture {
        List<Map<String, Object>> copy = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        rows = List.copyOf(copy);
    }

    /** Whether this is the {@code this} input: the tested model's own relation, for incremental models. */
    public boolean isThis() {
        return input.strip().equals("this");
    }
}
