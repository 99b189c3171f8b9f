/**
 * dbt's own artifacts, {@code manifest.json} and {@code run_results.json}, written in dbt's published schemas (manifest
 * v12, run results v6) where dbt writes them, so tools that read dbt artifacts read ours. pgtrickle-test's own report
 * ({@code target/pgtrickle-test/run_results.json}) is a different format and stays where it is.
 */
package dev.pgtrickle.test.harness.artifacts;
