/**
 * The upgrade check: build the baseline version of a dbt project, apply the current version on top in the same
 * database as a deployment would, and report per model the path pg_trickle took ({@link
 * dev.pgtrickle.test.harness.upgrade.UpgradeCheck}); and which models changed between the two versions ({@link
 * dev.pgtrickle.test.harness.upgrade.ModelChanges}, dbt's {@code state:modified}).
 */
package dev.pgtrickle.test.harness.upgrade;
