/**
 * Failure messages of the pg_trickle assertions: one {@code ShouldXxx} factory per kind of failure, and {@link
 * dev.pgtrickle.test.assertj.error.RowDiff}, which renders row differences as aligned tables.
 */
package dev.pgtrickle.test.assertj.error;
