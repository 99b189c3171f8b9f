/** The project's dependency graph: cycles, topological order, and dbt node selection. */
package dev.pgtrickle.test.harness.graph;
