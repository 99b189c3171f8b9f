/**
 * The backend comparison: one dbt project built on two backends (the emulation and the real pg_trickle image, or two
 * images), compared by run results, dbt test outcomes and stream table contents. CI runs it to catch what the
 * emulation gets wrong before a user's green build turns red on the real extension.
 */
package dev.pgtrickle.test.cli.compare;
