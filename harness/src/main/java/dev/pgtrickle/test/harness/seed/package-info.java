/**
 * dbt seeds: CSV files parsed strictly, column types inferred the way dbt does (or declared with {@code column_types}),
 * loaded into a table with PostgreSQL's {@code COPY}. Entry point: {@link dev.pgtrickle.test.harness.seed.SeedLoader}.
 * Seed hooks are not run here; the engine runs them around {@code SeedLoader.load}.
 */
package dev.pgtrickle.test.harness.seed;
