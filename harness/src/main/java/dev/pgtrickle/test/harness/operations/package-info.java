/**
 * The dbt-pgtrickle run-operations: refresh one or all stream tables, freshness and CDC health checks, dropping the
 * project's (or, in a harness-owned database, all) stream tables, and listing stream table models.
 */
package dev.pgtrickle.test.harness.operations;
