package dev.pgtrickle.test.harness.seed;

import dev.pgtrickle.test.harness.project.FullRefreshRule;
import dev.pgtrickle.test.harness.project.InvalidConfigException;
import dev.pgtrickle.test.harness.project.ProjectException;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One seed to load: where the CSV file is, which table it becomes, and its dbt seed configuration.
 *
 * @param relation the table to create or reload
 * @param csvFile the CSV file
 * @param columnTypes dbt's {@code column_types}: CSV header name (matched exactly) to a PostgreSQL type, which replaces
 *     the inferred type
 * @param quoteColumns dbt's {@code quote_columns}: quote column names so PostgreSQL keeps their case and spaces;
 *     {@code false} leaves them unquoted, so PostgreSQL folds them to lower case. dbt's default on PostgreSQL is
 *     {@code true} (only dbt-snowflake defaults to {@code false}), and so is {@link #of}'s
 * @param delimiter dbt's {@code delimiter}: the field separator in the file (default {@code ','})
 */
public record SeedSpec(
        Relation relation, Path csvFile, Map<String, String> columnTypes, boolean quoteColumns, char delimiter) {

    /** dbt's default field separator. */
    public static final char DEFAULT_DELIMITER = ',';

    public SeedSpec {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(csvFile, "csvFile");
        columnTypes = Map.copyOf(Objects.requireNonNull(columnTypes, "columnTypes"));
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new InvalidConfigException(
                    "seed %s: delimiter %s cannot separate fields; use a character other than a quote or a line break"
                            .formatted(csvFile, printable(delimiter)));
        }
    }

    /** dbt's default for {@code quote_columns} on PostgreSQL. */
    public static final boolean DEFAULT_QUOTE_COLUMNS = true;

    /** A seed with dbt's PostgreSQL defaults: inferred types, quoted column names, comma-separated. */
    public static SeedSpec of(Relation relation, Path csvFile) {
        return new SeedSpec(relation, csvFile, Map.of(), DEFAULT_QUOTE_COLUMNS, DEFAULT_DELIMITER);
    }

    /**
     * A compiled seed's table, file and configuration ({@code column_types}, {@code quote_columns},
     * {@code delimiter}).
     *
     * @throws ProjectException naming the seed and its file when {@code column_types} is not a mapping or
     *     {@code delimiter} is not one character
     */
    public static SeedSpec from(CompiledSeed seed) {
        var config = seed.config();
        Map<String, String> columnTypes = new LinkedHashMap<>();
        config.get("column_types").ifPresent(value -> {
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> columnTypes.put(String.valueOf(k), String.valueOf(v)));
            } else {
                throw new ProjectException(
                        "seed '%s': column_types must be a mapping of column name to type, found %s"
                                .formatted(seed.name(), value),
                        seed.node().file(),
                        0,
                        null);
            }
        });
        String delimiter = config.string("delimiter").orElse(",");
        if (delimiter.length() != 1) {
            throw new ProjectException(
                    "seed '%s': delimiter must be one character, found '%s'".formatted(seed.name(), delimiter),
                    seed.node().file(),
                    0,
                    null);
        }
        return of(seed.relation(), seed.node().file())
                .withColumnTypes(columnTypes)
                .withQuoteColumns(config.bool("quote_columns").orElse(DEFAULT_QUOTE_COLUMNS))
                .withDelimiter(delimiter.charAt(0));
    }

    /**
     * Whether {@code dbt seed} drops and creates this seed's table instead of truncating and reloading it: the seed's
     * {@code full_refresh} config when set, else the command's {@code --full-refresh} ({@link FullRefreshRule}).
     *
     * @throws ProjectException naming the seed and its file when {@code full_refresh} is not a boolean
     */
    public static boolean fullRefresh(CompiledSeed seed, boolean fullRefreshFlag) {
        try {
            return FullRefreshRule.appliesTo(seed.config(), fullRefreshFlag);
        } catch (InvalidConfigException e) {
            throw new ProjectException(
                    "seed '%s': %s".formatted(seed.name(), e.getMessage()),
                    seed.node().file(),
                    0,
                    null);
        }
    }

    /** The same seed with these {@code column_types}. */
    public SeedSpec withColumnTypes(Map<String, String> types) {
        return new SeedSpec(relation, csvFile, types, quoteColumns, delimiter);
    }

    /** The same seed with {@code quote_columns} set. */
    public SeedSpec withQuoteColumns(boolean quote) {
        return new SeedSpec(relation, csvFile, columnTypes, quote, delimiter);
    }

    /** The same seed with another field separator. */
    public SeedSpec withDelimiter(char separator) {
        return new SeedSpec(relation, csvFile, columnTypes, quoteColumns, separator);
    }

    /**
     * The same seed with the delimiter as dbt's configuration writes it (a string).
     *
     * @throws IllegalArgumentException when {@code separator} is not exactly one character
     */
    public SeedSpec withDelimiter(String separator) {
        if (separator == null || separator.length() != 1) {
            throw new InvalidConfigException(
                    "seed %s: delimiter '%s' must be exactly one character, such as ',' or ';' or '\\t'"
                            .formatted(csvFile, separator));
        }
        return withDelimiter(separator.charAt(0));
    }

    private static String printable(char c) {
        return switch (c) {
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }
}
