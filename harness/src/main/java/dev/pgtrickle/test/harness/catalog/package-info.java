/**
 * Stream tables as seen through pg_trickle's catalog: {@link dev.pgtrickle.test.harness.catalog.StreamTable} reads
 * fresh state, contents, totals and refresh history; {@link dev.pgtrickle.test.harness.catalog.StreamTableWaiter}
 * waits for stream tables to be populated or refreshed, woken by pg_trickle's {@code pg_trickle_alert} notifications
 * and polling for what they do not announce, and stops early when one of them fails.
 */
package dev.pgtrickle.test.harness.catalog;
