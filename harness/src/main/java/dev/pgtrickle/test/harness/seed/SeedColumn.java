package dev.pgtrickle.test.harness.seed;

/**
 * One column of a loaded seed.
 *
 * @param name the name as written in the CSV header
 * @param type the PostgreSQL type the column was created with
 * @param declared true when the type came from {@code column_types}, false when it was inferred from the data
 */
public record SeedColumn(String name, String type, boolean declared) {}
