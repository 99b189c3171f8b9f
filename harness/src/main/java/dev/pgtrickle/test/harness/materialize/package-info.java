/** Materializations (stream_table, view, table, ephemeral) exactly as dbt-pgtrickle runs them, and run results. */
package dev.pgtrickle.test.harness.materialize;
